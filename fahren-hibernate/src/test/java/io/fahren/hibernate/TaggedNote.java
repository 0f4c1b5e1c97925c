package io.fahren.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.TenantId;

/** An RLS entity whose tenant column Hibernate fills itself ({@code @TenantId}). */
@Entity
@Table(name = "tagged_notes")
public class TaggedNote {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @TenantId
    @Column(name = "tenant_id")
    String tenantId;

    String body;

    protected TaggedNote() {
    }

    public TaggedNote(String body) {
        this.body = body;
    }

    public String tenantId() {
        return tenantId;
    }
}
