package io.fahren.postgres.impl.schema;

import io.fahren.spi.TenantRegistry;
import io.fahren.postgres.impl.pool.ServerCaps;
import io.fahren.postgres.impl.database.ServerPlacement;
import io.fahren.postgres.TenantServers;
import io.fahren.postgres.TenantServer;
import io.fahren.FahrenException;
import io.fahren.TenantId;
import io.fahren.postgres.TenantDdl;
import io.fahren.postgres.PostgresEngine.Strategy;
import io.fahren.postgres.PostgresEngine.Connections;
import io.fahren.postgres.impl.citus.CitusCall;
import io.fahren.postgres.impl.pool.PerTenantPoolConnections;
import io.fahren.postgres.impl.pool.TenantPools;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.SchemaOptions;
import io.fahren.secrets.TenantSecrets;
import io.fahren.spi.TenantResource;
import java.sql.Connection;
import java.util.List;
import javax.sql.DataSource;

/**
 * Schema per tenant with per-tenant logins: each tenant's role logs in with its own password (kept
 * in the secrets provider) through its own pool, and its {@code search_path} is its schema. No
 * connection is ever shared between tenants, so no role switch is needed or possible.
 */
public final class SchemaLoginStrategy implements Strategy {

    private final PostgresConnection management;
    private final SchemaIsolation naming;
    private final TenantSecrets secrets;
    private final TenantPools pools;
    /** Where tenant schemas go with several servers; null with one. */
    private final ServerPlacement placement;

    /**
     * @param management the management login; tenant logins use the same URL
     * @param options the strategy's options, with {@code perTenantLogins}
     * @param secrets where tenant credentials are stored
     */
    public SchemaLoginStrategy(PostgresConnection management, SchemaOptions options, TenantSecrets secrets) {
        this(management, options, secrets, null);
    }

    /**
     * @param management the management login, whose server keeps the registry
     * @param options the strategy's options, with {@code perTenantLogins}
     * @param secrets where tenant credentials are stored
     * @param servers the servers tenant schemas are placed on (in each one's database), or null
     *        for the management login's database
     */
    public SchemaLoginStrategy(PostgresConnection management, SchemaOptions options, TenantSecrets secrets,
            TenantServers servers) {
        this.management = management;
        this.naming = new SchemaIsolation(options);
        this.secrets = secrets;
        this.placement = servers == null ? null : new ServerPlacement(servers, options.schemaPrefix(), true);
        this.pools = new TenantPools(options.pools(), secrets, null, ServerCaps.of(servers));
    }

    @Override
    public SchemaOptions options() {
        return naming.options();
    }

    @Override
    public String description() {
        return "schema per tenant with per-tenant logins";
    }

    @Override
    public List<String> setup(Connection c) {
        return List.of();
    }

    @Override
    public TenantResource resource(DataSource managementPool) {
        return resource(managementPool, null);
    }

    @Override
    public TenantResource resource(DataSource managementPool, TenantRegistry registry) {
        if (placement != null && registry == null) {
            throw new IllegalStateException("Placing tenants on several servers needs the tenant registry");
        }
        return new SchemaResource(managementPool, naming, new SchemaResource.Logins(secrets, pools, management.url()),
                placement, registry);
    }

    @Override
    public io.fahren.postgres.PostgresEngine.Moves moves(TenantRegistry registry) {
        if (placement == null) {
            return Strategy.super.moves(registry);
        }
        return new SchemaMoves(naming, placement, new SchemaResource.Logins(secrets, pools, management.url()), registry);
    }

    @Override
    public Connections connections(PostgresConnection login) {
        return new PerTenantPoolConnections(pools, naming.options().pools());
    }

    /** As without per-tenant logins: the management login acts as the tenant's role (granted to it with SET). */
    /** Migrations count against fahren.postgres.pool.max-connections, as the tenant pools do. */
    @Override
    public DataSource capped(DataSource connections) {
        return pools.capped(connections);
    }

    /** With one server; on several, tenants are placed on servers by Fahren, not on Citus nodes. */
    @Override
    public boolean distributableWithCitus() {
        return placement == null;
    }

    @Override
    public List<CitusCall> citusCalls(Connection c, TenantId tenantId) {
        return naming.citusCalls(c, tenantId);
    }

    /** On several servers the changes run on the tenant's server, as its management login. */
    @Override
    public TenantDdl ddl(PostgresConnection management, TenantId tenantId, TenantRegistry registry) {
        if (placement == null) {
            return ddl(management, tenantId);
        }
        TenantServer server = placement.locate(tenantId, registry, secrets).orElseThrow(() -> new FahrenException(
                "Fahren cannot tell which PostgreSQL server tenant '" + tenantId + "' is on, to change its schema."));
        return naming.ddl(server.login(), tenantId);
    }

    @Override
    public TenantDdl ddl(PostgresConnection management, TenantId tenantId) {
        if (placement != null) {
            throw new IllegalStateException("On several servers the tenant's server is looked up in the registry");
        }
        return naming.ddl(management, tenantId);
    }

    @Override
    public void close() {
        try {
            pools.close();
        } finally {
            if (placement != null) {
                placement.close();
            }
        }
    }
}
