package io.fahren.hibernate.injected;

import io.fahren.Tenants;
import io.fahren.hibernate.Note;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;

/** An application-scoped service using one injected EntityManager from every thread and tenant. */
@ApplicationScoped
public class NoteService {

    @Inject
    EntityManager em;

    /** @return the owners of every note visible in the same transaction, after adding one */
    public List<String> addAndList(String body) {
        em.getTransaction().begin();
        try {
            em.persist(new Note(Tenants.require().value(), body));
            List<String> owners = em.createQuery("select n.tenantId from Note n", String.class).getResultList();
            em.getTransaction().commit();
            return owners;
        } catch (RuntimeException e) {
            em.getTransaction().rollback();
            throw e;
        }
    }

    public void addThenFail(String body) {
        em.getTransaction().begin();
        try {
            em.persist(new Note(Tenants.require().value(), body));
            em.flush();
            throw new IllegalStateException("failed after the insert");
        } finally {
            em.getTransaction().rollback();
        }
    }

    /** Outside any transaction: a call-bound persistence context. */
    public long count() {
        return em.createQuery("select count(n) from Note n", Long.class).getSingleResult();
    }
}
