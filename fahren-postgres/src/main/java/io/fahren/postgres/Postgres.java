package io.fahren.postgres;

import java.util.List;
import io.fahren.spi.TenantResource;
import io.fahren.postgres.PostgresEngine.Strategy;
import io.fahren.postgres.PostgresEngine.Connections;
import com.zaxxer.hikari.HikariDataSource;
import io.fahren.internal.ActiveTenants;
import io.fahren.internal.Implementations;
import io.fahren.secrets.TenantSecrets;
import io.fahren.spi.TenantRegistry;
import javax.sql.DataSource;

/**
 * Entry point of the PostgreSQL strategies in Java SE: pick an isolation strategy, then take its
 * management side and its tenants side.
 *
 * <pre>{@code
 * try (Postgres rls = Postgres.withRlsIsolation(PostgresConnection.of(url, "owner", ownerPassword),
 *         RlsOptions.builder().autoSetup(true).tenantLogins(List.of("app")).build())) {
 *     rls.forManagement().createTenant("acme");
 *     try (PostgresTenants tenants = rls.forTenants(PostgresConnection.of(url, "app", appPassword))) {
 *         tenants.queryAs("acme", "SELECT * FROM orders");
 *     }
 * }
 * }</pre>
 *
 * The management connection owns the tables (or is a superuser); the tenants-side login must be an
 * ordinary role (NOSUPERUSER, NOBYPASSRLS), which is checked.
 */
public final class Postgres implements AutoCloseable {

    private final PostgresConnection management;
    /** Lifecycle operations (createTenant, deleteTenant) that can hold a tenant lock at once. */
    private static final int LOCK_POOL = 8;

    /** The implementation, found once per class loader (see {@link PostgresEngine}). */
    private static final class Engine {
        static final PostgresEngine INSTANCE = Implementations.load(PostgresEngine.class);
    }

    private final Strategy isolation;
    private final HikariDataSource managementPool;
    private final HikariDataSource lockPool;
    private final PostgresTenantRegistry registry;
    private final ActiveTenants active;

    // package-private for the crash tests, which build the strategy themselves
    Postgres(PostgresConnection management, Strategy isolation) {
        this.management = management;
        this.isolation = isolation;
        this.managementPool = Engine.INSTANCE.pool(management, 4, "fahren-management", isolation.options().bindingMode());
        HikariDataSource locks = null;
        try {
            // A lock is held for a whole create or delete, which also needs management connections:
            // lock connections come from a pool of their own so they never starve the management pool.
            // Pooled, because a new connection costs a backend start and a SCRAM exchange (about 20 ms
            // here, most of a createTenant). At most LOCK_POOL lifecycle operations run at once; more
            // wait for a lock connection.
            locks = Engine.INSTANCE.pool(management, LOCK_POOL, "fahren-locks", isolation.options().bindingMode());
            this.lockPool = locks;
            this.registry = new PostgresTenantRegistry(managementPool, locks, isolation.options().registrySchema());
            if (!isolation.options().tenantLogins().isEmpty()) {
                registry.grantLookup(isolation.options().tenantLogins());
            }
        } catch (RuntimeException e) {
            if (locks != null) {
                locks.close();
            }
            managementPool.close();
            throw e;
        }
        this.active = new ActiveTenants(registry);
    }

    /**
     * @param management the management login (table owner or superuser)
     * @return row-level security with the default options
     */
    public static Postgres withRlsIsolation(PostgresConnection management) {
        return withRlsIsolation(management, RlsOptions.defaults());
    }

    /**
     * @param management the management login (table owner or superuser)
     * @param options the strategy's options
     * @return row-level security on shared tables
     */
    public static Postgres withRlsIsolation(PostgresConnection management, RlsOptions options) {
        return new Postgres(management, Engine.INSTANCE.rls(options));
    }

    /**
     * @param management the management login: a superuser, or a role with CREATEROLE that may
     *        create schemas in the database
     * @return a schema (and a NOLOGIN role) per tenant
     */
    public static Postgres withSchemaIsolation(PostgresConnection management) {
        return withSchemaIsolation(management, SchemaOptions.defaults());
    }

    /**
     * @param management the management login
     * @param options the strategy's options
     * @return a schema (and a NOLOGIN role) per tenant
     */
    public static Postgres withSchemaIsolation(PostgresConnection management, SchemaOptions options) {
        if (options.perTenantLogins()) {
            throw new IllegalArgumentException("SchemaOptions.perTenantLogins needs a secrets store: use "
                    + "withSchemaIsolation(management, options, tenantSecrets)");
        }
        return new Postgres(management, Engine.INSTANCE.schema(management, options, null));
    }

    /**
     * @param management the management login
     * @param options the strategy's options; with {@code perTenantLogins} each tenant gets a LOGIN
     *        role and pool, its password kept in {@code secrets}
     * @param secrets where tenant credentials are stored
     * @return a schema (and a role) per tenant
     */
    public static Postgres withSchemaIsolation(PostgresConnection management, SchemaOptions options,
            TenantSecrets secrets) {
        return new Postgres(management, Engine.INSTANCE.schema(management, options, secrets));
    }

    /**
     * A schema and a role per tenant, placed on several servers (each tenant's schema in the
     * database its server's login names): as {@link #withDatabaseIsolation(PostgresConnection,
     * TenantSecrets, DatabaseOptions, TenantServers)}, for schemas. Migrations
     * ({@link PostgresManagement#ddl}) and every lifecycle step run on the tenant's server, and
     * {@link #moveTenant} moves a schema to another server.
     *
     * <ul>
     *   <li>With {@link SchemaOptions#perTenantLogins()} each tenant's LOGIN role and secret are on
     *       its server, and its pool connects there.</li>
     *   <li>With a shared pool (the default) the tenants side opens one shared pool per server,
     *       logging in with the tenants-side login's user name and password at that server's URL
     *       (so that role must exist on every server), and routes each checkout by the server the
     *       tenant's registry record names ({@value TenantPlacement#ATTRIBUTE}).</li>
     * </ul>
     *
     * @param management the management login of the database that keeps the tenant registry
     * @param options the strategy's options
     * @param secrets where each tenant's credentials are stored, with per-tenant logins; else null
     * @param servers the servers tenant schemas are placed on, and the placement
     * @return a schema per tenant, each on the server its placement chose
     * @throws NullPointerException with per-tenant logins and no secrets store
     */
    public static Postgres withSchemaIsolation(PostgresConnection management, SchemaOptions options,
            TenantSecrets secrets, TenantServers servers) {
        java.util.Objects.requireNonNull(servers, "servers");
        return new Postgres(management, Engine.INSTANCE.schema(management, options, secrets, servers));
    }

    /**
     * @param management the management login: a superuser, or a role with CREATEDB and CREATEROLE
     * @param secrets where each tenant's generated credentials are stored
     * @return a database and a LOGIN role per tenant
     */
    public static Postgres withDatabaseIsolation(PostgresConnection management, TenantSecrets secrets) {
        return withDatabaseIsolation(management, secrets, DatabaseOptions.defaults());
    }

    /**
     * @param management the management login: a superuser, or a role with CREATEDB and CREATEROLE
     * @param secrets where each tenant's generated credentials are stored
     * @param options the strategy's options
     * @return a database and a LOGIN role per tenant
     */
    public static Postgres withDatabaseIsolation(PostgresConnection management, TenantSecrets secrets,
            DatabaseOptions options) {
        return new Postgres(management, Engine.INSTANCE.database(management, options, secrets));
    }

    /**
     * A database per tenant, placed on several servers: {@code createTenant} asks the placement for
     * a server, records it in the tenant's attribute {@value TenantPlacement#ATTRIBUTE} and its
     * secret's URL, and creates the role and database there; delete, suspend, resume and rotation
     * run on that server; the tenants side connects where the secret says, within each server's
     * {@link TenantServer#maxConnections()} and the cap across all ({@link DatabaseOptions#maxConnections()}).
     * A server that is down fails its own tenants only. See {@code docs/scale-out.md}.
     *
     * @param management the management login of the server that keeps the tenant registry (it
     *        may be one of the servers too)
     * @param secrets where each tenant's generated credentials are stored
     * @param options the strategy's options
     * @param servers the servers tenant databases are placed on, and the placement
     * @return a database and a LOGIN role per tenant, each on the server its placement chose
     */
    public static Postgres withDatabaseIsolation(PostgresConnection management, TenantSecrets secrets,
            DatabaseOptions options, TenantServers servers) {
        java.util.Objects.requireNonNull(servers, "servers");
        return new Postgres(management, Engine.INSTANCE.database(management, options, secrets, servers));
    }

    /**
     * The tenants side of row-level security alone, for a process that holds no management login:
     * it connects as the tenants-side login only, and checks tenants through the registry's
     * one-tenant look-up, which the management side grants to the logins in
     * {@link RlsOptions#tenantLogins()}.
     *
     * <pre>{@code
     * try (PostgresTenants tenants = Postgres.tenantsOnly(PostgresConnection.of(url, "app", appPassword),
     *         RlsOptions.builder().bindingMode(BindingMode.TRANSACTION).build())) {
     *     tenants.queryAs("acme", "SELECT * FROM orders");
     * }
     * }</pre>
     *
     * @param login the tenants-side login
     * @param options the options the management side uses (registry schema, tenant role, setting)
     * @return the tenants side; close it
     */
    public static PostgresTenants tenantsOnly(PostgresConnection login, RlsOptions options) {
        return tenantsOnly(login, Engine.INSTANCE.rls(options));
    }

    /**
     * The tenants side of schema isolation alone (see {@link #tenantsOnly(PostgresConnection, RlsOptions)}).
     *
     * @param login the tenants-side login: the shared pool's login, or with per-tenant logins the
     *        login that looks tenants up in the registry
     * @param options the options the management side uses
     * @param secrets the tenants' credentials, for per-tenant logins; else null
     * @return the tenants side; close it
     */
    public static PostgresTenants tenantsOnly(PostgresConnection login, SchemaOptions options, TenantSecrets secrets) {
        if (options.perTenantLogins()) {
            java.util.Objects.requireNonNull(secrets, "secrets");
        }
        return tenantsOnly(login, Engine.INSTANCE.schema(login, options, secrets));
    }

    /**
     * The tenants side of database isolation alone (see {@link #tenantsOnly(PostgresConnection, RlsOptions)}):
     * each tenant's connections use its credentials from the secrets store.
     *
     * @param registryLogin a login of the management database that looks tenants up (one of
     *        {@link DatabaseOptions#registryReaders()})
     * @param options the options the management side uses
     * @param secrets the tenants' credentials
     * @return the tenants side; close it
     */
    public static PostgresTenants tenantsOnly(PostgresConnection registryLogin, DatabaseOptions options,
            TenantSecrets secrets) {
        return tenantsOnly(registryLogin, Engine.INSTANCE.database(registryLogin, options, secrets));
    }

    /**
     * The tenants side of schema isolation on several servers alone (see
     * {@link #tenantsOnly(PostgresConnection, DatabaseOptions, TenantSecrets, TenantServers)} and
     * {@link #withSchemaIsolation(PostgresConnection, SchemaOptions, TenantSecrets, TenantServers)}).
     *
     * @param login the login that looks tenants up in the registry; with a shared pool also the
     *        login of each server's shared pool (its user name and password, at that server's URL)
     * @param options the options the management side uses
     * @param secrets the tenants' credentials, with per-tenant logins; else null
     * @param servers the servers the management side places tenants on
     * @return the tenants side; close it
     */
    public static PostgresTenants tenantsOnly(PostgresConnection login, SchemaOptions options, TenantSecrets secrets,
            TenantServers servers) {
        return tenantsOnly(login, Engine.INSTANCE.schema(login, options, secrets, servers));
    }

    /**
     * The tenants side of database isolation on several servers alone: as
     * {@link #tenantsOnly(PostgresConnection, DatabaseOptions, TenantSecrets)}, with each server's
     * connection cap and name (for errors) from {@code servers}; their management logins are not used.
     *
     * @param registryLogin a login of the management database that looks tenants up
     * @param options the options the management side uses
     * @param secrets the tenants' credentials
     * @param servers the servers the management side places tenants on
     * @return the tenants side; close it
     */
    public static PostgresTenants tenantsOnly(PostgresConnection registryLogin, DatabaseOptions options,
            TenantSecrets secrets, TenantServers servers) {
        return tenantsOnly(registryLogin, Engine.INSTANCE.database(registryLogin, options, secrets, servers));
    }

    private static PostgresTenants tenantsOnly(PostgresConnection login, Strategy strategy) {
        HikariDataSource lookups = Engine.INSTANCE.pool(login, 2, "fahren-registry-lookup", strategy.options().bindingMode());
        try {
            ActiveTenants active = new ActiveTenants(PostgresTenantRegistry.lookupOnly(lookups,
                    strategy.options().registrySchema()));
            Connections connections = strategy.connections(login);
            return new PostgresTenants(connections, active, () -> {
                try (lookups; strategy) {
                    connections.close();
                }
            });
        } catch (RuntimeException e) {
            lookups.close();
            strategy.close();
            throw e;
        }
    }

    /** @return the management side */
    public PostgresManagement forManagement() {
        return forManagement(List.of());
    }

    /**
     * The management side with more provisioning steps, such as {@code fahren-flyway}'s
     * migrations: {@code createTenant} runs them in order after the strategy's own (the tenant
     * becomes ACTIVE only when all succeeded, and a failure undoes every step before it), {@code
     * deleteTenant} removes them in reverse before it.
     *
     * <pre>{@code
     * TenantMigrations migrations = TenantMigrations.of(postgres, MigrationOptions.defaults());
     * postgres.forManagement(List.of(migrations.step())).createTenant("acme"); // schema, then V1, V2, ...
     * }</pre>
     *
     * @param steps the steps, in provisioning order
     * @return the management side
     */
    public PostgresManagement forManagement(List<TenantResource> steps) {
        return new PostgresManagement(management, managementPool, isolation, registry,
                isolation.resource(managementPool, registry), steps, active);
    }

    /**
     * A provisioning step for {@link #forManagement(List)} that distributes each new tenant's data
     * with Citus: see {@link CitusDistribution}.
     *
     * @param mode when to make the Citus calls
     * @return the step
     * @throws io.fahren.FahrenConfigurationException for database per tenant (nothing to distribute),
     *         and for tenants Fahren places on several servers itself
     */
    public CitusDistribution citusDistribution(CitusMode mode) {
        if (mode != CitusMode.OFF && !isolation.distributableWithCitus()) {
            throw new io.fahren.FahrenConfigurationException("fahren.postgres.citus: Citus distributes tables "
                    + "(row-level security) and schemas (schema per tenant) of one server, not " + isolation.description()
                    + ": tenants are spread either by Citus or by Fahren's placement on several servers "
                    + "(fahren.postgres.servers), not both (docs/scale-out.md). Set fahren.postgres.citus=off, or remove "
                    + "fahren.postgres.servers.");
        }
        return new CitusDistribution(managementPool, isolation, mode);
    }

    /**
     * @param login the tenants-side login: an ordinary role that was granted the tenant role
     * @return the tenants side, with its own pool; close it when done
     * @throws io.fahren.FahrenConfigurationException when the login is a superuser or BYPASSRLS, or
     *         cannot switch to the tenant role
     */
    public PostgresTenants forTenants(PostgresConnection login) {
        Connections connections = isolation.connections(login);
        return new PostgresTenants(connections, active, connections::close);
    }

    /** @return the tenants side using the management login, which must then be an ordinary role */
    public PostgresTenants forTenants() {
        return forTenants(management);
    }

    /**
     * Moves a tenant's database or schema to another server (database or schema per tenant on
     * several servers):
     *
     * <ol>
     *   <li>checks, changing nothing: the tenant is ACTIVE, the server is another configured one,
     *       the old server's management login is a superuser (it reads the tenant's tables; the
     *       new server is written logged in as the tenant's role), the target has no role (nor
     *       database or schema) of the tenant's name, and the database or schema holds only what
     *       Fahren copies (tables, sequences, constraints, indexes; not views, functions, triggers,
     *       types, policies, nor in a tenant database extensions);</li>
     *   <li>records the move in the tenant's attributes and <b>suspends</b> the tenant (its
     *       requests are refused; with its own login its sessions end and the login is switched
     *       off; with a schema in a shared pool its role is revoked from the tenants-side login,
     *       and the old copy is fenced: the role's privileges on its tables are revoked, the move
     *       waits out the registry cache (5 s) and the writes in flight);</li>
     *   <li>creates its role and database (or schema) on the target and copies every table with
     *       {@code COPY}, then sequence values, constraints and indexes, logged in as the tenant's
     *       role; checks every table's row count on both servers;</li>
     *   <li>switches: the tenant's secret names the target with a new password (the commit point;
     *       a schema in a shared pool has no secret, and there the attribute is it); the attribute
     *       {@value TenantPlacement#ATTRIBUTE} names the target;</li>
     *   <li>resumes the tenant, now on the target.</li>
     * </ol>
     *
     * The old copy stays on the old server, its role switched off, until {@link #confirmMove}. A
     * failure before the switch drops the target's copy and resumes the tenant where it was; a
     * crash at any point is settled by {@link #recoverMove} (or the next {@code moveTenant}).
     *
     * @param tenantId the tenant
     * @param toServer the target server's name
     * @return what was moved, and how long the tenant was suspended
     * @throws io.fahren.FahrenException when a check fails (nothing changed) or a step fails (undone)
     */
    public TenantMove moveTenant(String tenantId, String toServer) {
        return moveTenant(tenantId, toServer, step -> { });
    }

    /**
     * {@link #moveTenant(String, String)}, calling {@code afterStep} after each step (for crash
     * tests: what it throws ends the move as a crash would, with nothing undone).
     */
    TenantMove moveTenant(String tenantId, String toServer, java.util.function.Consumer<String> afterStep) {
        io.fahren.TenantId id = io.fahren.TenantId.of(tenantId);
        PostgresEngine.Moves moves = isolation.moves(registry);
        PostgresManagement management = forManagement();
        if (moves.pending(id).isPresent()) {
            recoverMove(tenantId);
        }
        String from = moves.check(id, toServer);
        moves.begin(id, toServer);
        afterStep.accept("begin");
        long started = System.nanoTime();
        management.suspendTenant(tenantId);
        afterStep.accept("suspend");
        java.util.Map<String, Long> rows;
        try {
            rows = moves.copy(id);
            afterStep.accept("copy");
            moves.switchOver(id);
        } catch (RuntimeException e) {
            try {
                moves.settle(id);
                management.resumeTenant(tenantId);
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        afterStep.accept("switch");
        management.resumeTenant(tenantId);
        afterStep.accept("resume");
        moves.settle(id); // the move is over: its markers go
        return new TenantMove(tenantId, from, toServer, rows, java.time.Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Settles a move a crash interrupted, so that the tenant lives on exactly one server: forward
     * when its secret names the target already, else back (the target's copy dropped); then
     * resumes the tenant if the move had suspended it.
     *
     * @param tenantId the tenant
     * @return whether there was a move to settle
     */
    public boolean recoverMove(String tenantId) {
        io.fahren.TenantId id = io.fahren.TenantId.of(tenantId);
        PostgresEngine.Moves moves = isolation.moves(registry);
        if (moves.pending(id).isEmpty()) {
            return false;
        }
        // suspended by the move (or caught between states by the crash): resumed once settled
        boolean suspended = registry.find(id).map(t -> t.state() != io.fahren.TenantState.ACTIVE).orElse(false);
        if (suspended) {
            // back to the old server, or forward to the new one; then the tenant works again
            moves.settle(id);
            forManagement().resumeTenant(tenantId);
        }
        return moves.settle(id) || suspended;
    }

    /**
     * Drops the old copy a {@link #moveTenant} kept, once the tenant works on its new server.
     *
     * @param tenantId the tenant
     * @return the server the old copy was dropped from; empty when there was none
     */
    public java.util.Optional<String> confirmMove(String tenantId) {
        return isolation.moves(registry).confirm(io.fahren.TenantId.of(tenantId));
    }

    /** @return the strategy, for tests and diagnostics */
    Strategy strategy() {
        return isolation;
    }

    /**
     * @return the management database's pool, for schema tools and migrations that run across
     *         tenants; never hand its connections to tenant code
     */
    public DataSource managementDataSource() {
        return managementPool;
    }

    /** @return the tenant registry in the management database */
    public TenantRegistry registry() {
        return registry;
    }

    /** Closes the management pool and any per-tenant pools. */
    @Override
    public void close() {
        try {
            isolation.close();
        } finally {
            try {
                lockPool.close();
            } finally {
                managementPool.close();
            }
        }
    }

    @Override
    public String toString() {
        return "Postgres[" + isolation.description() + ", " + management + "]";
    }
}
