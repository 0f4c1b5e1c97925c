package io.fahren.hibernate.injected;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Shared reference data in the central catalog, outside any tenant. */
@Entity
@Table(name = "countries")
public class Country {

    @Id
    String code;

    protected Country() {
    }

    public Country(String code) {
        this.code = code;
    }
}
