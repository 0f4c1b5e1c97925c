package io.fahren.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A plain entity: whatever keeps tenants apart here is the PostgreSQL strategy, not Hibernate. */
@Entity
@Table(name = "notes")
public class Note {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "tenant_id", nullable = false)
    String tenantId;

    String body;

    protected Note() {
    }

    public Note(String tenantId, String body) {
        this.tenantId = tenantId;
        this.body = body;
    }

    public Long id() {
        return id;
    }

    public String body() {
        return body;
    }
}
