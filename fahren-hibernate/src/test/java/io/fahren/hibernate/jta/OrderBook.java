package io.fahren.hibernate.jta;

import io.fahren.Tenants;
import io.fahren.hibernate.Note;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;

/** Container-style code: {@code @Transactional} methods on one injected EntityManager. */
@ApplicationScoped
public class OrderBook {

    @Inject
    EntityManager em;

    @Transactional
    public List<String> addAndList(String body) {
        em.persist(new Note(Tenants.require().value(), body));
        return em.createQuery("select n.body from Note n order by n.id", String.class).getResultList();
    }

    @Transactional
    public void addThenFail(String body) {
        em.persist(new Note(Tenants.require().value(), body));
        em.flush();
        throw new IllegalStateException("failed after the insert");
    }

    @Transactional
    public List<String> bodies() {
        return em.createQuery("select n.body from Note n order by n.id", String.class).getResultList();
    }
}
