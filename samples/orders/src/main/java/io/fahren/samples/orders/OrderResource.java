package io.fahren.samples.orders;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** The current tenant's orders. One injected EntityManager serves every tenant and request. */
@Path("orders")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrderResource {

    @Inject
    EntityManager em;

    @POST
    @Transactional
    public Response place(OrderRequest request) {
        Order order = persist(request);
        return Response.created(URI.create("orders/" + order.getId())).entity(order).build();
    }

    /** Places several orders, all or none: an invalid one rolls back those already written. */
    @POST
    @Path("batch")
    @Transactional
    public List<Order> placeAll(List<OrderRequest> requests) {
        return requests.stream().map(this::persist).toList();
    }

    private Order persist(OrderRequest request) {
        if (request == null || request.item() == null || request.item().isBlank() || request.quantity() < 1) {
            throw new BadRequestException("An order needs an item and a quantity of at least 1");
        }
        Order order = new Order(request.item(), request.quantity());
        em.persist(order);
        em.flush();
        return order;
    }

    @GET
    @Transactional
    public List<Order> list() {
        return em.createQuery("select o from Order o order by o.id", Order.class).getResultList();
    }

    @GET
    @Path("{id}")
    @Transactional
    public Order get(@PathParam("id") long id) {
        Order order = em.find(Order.class, id);
        if (order == null) {
            throw new NotFoundException("No order " + id);
        }
        return order;
    }
}
