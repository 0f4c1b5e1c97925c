package io.fahren.it.orders;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.stream.Collectors;

/** Tenant endpoints over one injected EntityManager, in JTA transactions. */
@Path("orders")
@ApplicationScoped
public class OrderResource {

    @Inject
    EntityManager em;

    @POST
    @Transactional
    public String place(@QueryParam("item") String item) {
        Order order = new Order(item);
        em.persist(order);
        em.flush();
        return String.valueOf(order.getId());
    }

    /** @return the tenant column of every row the tenant can see, read by native SQL past Hibernate's filter */
    @GET
    @Path("owners")
    @Transactional
    @SuppressWarnings("unchecked")
    public String owners() {
        List<String> owners = em.createNativeQuery("select tenant_id from orders").getResultList();
        return owners.stream().distinct().sorted().collect(Collectors.joining(",")) + ";" + owners.size();
    }

    @POST
    @Path("fail")
    @Transactional
    public String placeThenFail(@QueryParam("item") String item) {
        em.persist(new Order(item));
        em.flush();
        throw new IllegalStateException("failed after the insert: the transaction rolls back");
    }
}
