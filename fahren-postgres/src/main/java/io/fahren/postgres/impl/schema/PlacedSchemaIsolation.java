package io.fahren.postgres.impl.schema;

import io.fahren.FahrenException;
import io.fahren.TenantId;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.PostgresEngine.Connections;
import io.fahren.postgres.PostgresEngine.Moves;
import io.fahren.postgres.SchemaOptions;
import io.fahren.postgres.TenantDdl;
import io.fahren.postgres.TenantServer;
import io.fahren.postgres.TenantServers;
import io.fahren.postgres.impl.database.ServerPlacement;
import io.fahren.postgres.impl.pool.Isolation;
import io.fahren.postgres.impl.pool.PlacedSharedConnections;
import io.fahren.spi.TenantRegistry;
import io.fahren.spi.TenantResource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * Schema per tenant with a shared pool, tenants placed on several servers: each tenant's schema
 * and NOLOGIN role are on the server its placement chose (recorded in the registry before anything
 * is created), the tenants-side login is granted the role there, and tenant connections come from
 * that server's shared pool ({@link PlacedSharedConnections}), bound as on one server.
 */
public final class PlacedSchemaIsolation implements Isolation {

    private final SchemaIsolation naming;
    private final TenantServers servers;
    private final ServerPlacement placement;

    /**
     * @param options the strategy's options, without per-tenant logins
     * @param servers the servers tenant schemas are placed on (each in the database its login names)
     */
    public PlacedSchemaIsolation(SchemaOptions options, TenantServers servers) {
        this.naming = new SchemaIsolation(options);
        this.servers = servers;
        this.placement = new ServerPlacement(servers, options.schemaPrefix(), true);
    }

    @Override
    public SchemaOptions options() {
        return naming.options();
    }

    @Override
    public String description() {
        return "schema per tenant on " + servers.servers().size() + " servers";
    }

    @Override
    public List<String> setup(Connection c) {
        return List.of();
    }

    @Override
    public TenantResource resource(DataSource management) {
        throw new IllegalStateException("Placing tenants on several servers needs the tenant registry");
    }

    @Override
    public TenantResource resource(DataSource management, TenantRegistry registry) {
        return new SchemaResource(management, naming, null, placement, registry);
    }

    @Override
    public Moves moves(TenantRegistry registry) {
        return new SchemaMoves(naming, placement, null, registry);
    }

    /** One shared pool per server, each logging in with this login's user name and password. */
    @Override
    public Connections connections(PostgresConnection login) {
        return new PlacedSharedConnections(servers, login, options().poolSize(), this);
    }

    @Override
    public Binding binding(TenantId tenantId, boolean local) {
        return naming.binding(tenantId, local);
    }

    @Override
    public boolean checkTenantsLogin(Connection c) throws SQLException {
        return naming.checkTenantsLogin(c);
    }

    /** No: tenants are placed on servers by Fahren; Citus would place them on its nodes. */
    @Override
    public boolean distributableWithCitus() {
        return false;
    }

    @Override
    public TenantDdl ddl(PostgresConnection management, TenantId tenantId) {
        throw new IllegalStateException("On several servers the tenant's server is looked up in the registry");
    }

    /** The tenant's server's management login, acting as the tenant's role in its schema. */
    @Override
    public TenantDdl ddl(PostgresConnection management, TenantId tenantId, TenantRegistry registry) {
        TenantServer server = placement.locate(tenantId, registry, null).orElseThrow(() -> new FahrenException(
                "Fahren cannot tell which PostgreSQL server tenant '" + tenantId + "' is on, to change its schema: it "
                        + "has no attribute " + io.fahren.postgres.TenantPlacement.ATTRIBUTE + "."));
        return naming.ddl(server.login(), tenantId);
    }

    @Override
    public void close() {
        placement.close();
    }
}
