package io.fahren.it.orders;

import io.fahren.Tenant;
import io.fahren.TenantManagement;
import io.fahren.hibernate.TenantSchemas;
import io.fahren.http.TenantFree;
import io.fahren.postgres.Postgres;
import io.fahren.postgres.PostgresTenants;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Admin endpoints: create, delete and list tenants; each new tenant gets its tables. */
@Path("admin/tenants")
@TenantFree
@ApplicationScoped
public class AdminResource {

    @Inject
    TenantManagement management;

    @Inject
    Postgres postgres;

    /** Looked up only when needed: with RLS, the tenants side needs the tenant role the first createTenant sets up. */
    @Inject
    Instance<PostgresTenants> tenants;

    @Inject
    @ConfigProperty(name = "fahren.postgres.isolation")
    String isolation;

    private boolean sharedTableReady;

    @POST
    @Path("{id}")
    public String create(@PathParam("id") String id) throws Exception {
        if (isolation.equals("rls")) {
            createSharedTable();
        }
        Tenant tenant = management.createTenant(id);
        if (!isolation.equals("rls")) {
            TenantSchemas.create(tenants.get(), id, List.of(Order.class));
        }
        return tenant.state().name();
    }

    /** With RLS the table is shared: created once, by the management login, before the first tenant. */
    private synchronized void createSharedTable() throws Exception {
        if (!sharedTableReady) {
            try (Connection c = postgres.managementDataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS orders (id bigserial PRIMARY KEY, tenant_id text NOT NULL, "
                        + "item varchar(255))");
            }
            sharedTableReady = true;
        }
    }

    @DELETE
    @Path("{id}")
    public String delete(@PathParam("id") String id) {
        management.deleteTenant(id);
        return "deleted";
    }

    @GET
    public String list() {
        return management.list().stream().map(t -> t.id().value()).collect(Collectors.joining(","));
    }
}
