package io.fahren.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** An entity kept in the second-level cache, with an id the test chooses so two tenants can share it. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
@Table(name = "cached_notes")
public class CachedNote {

    @Id
    Long id;

    String body;

    protected CachedNote() {
    }

    public CachedNote(Long id, String body) {
        this.id = id;
        this.body = body;
    }

    public String body() {
        return body;
    }
}
