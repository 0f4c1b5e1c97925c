package io.fahren.postgres.impl.config;

import io.fahren.internal.DocumentedKey;

/**
 * Every configuration key of {@code fahren-postgres}, each declared once. {@code docs/configuration.md}
 * holds the same table; a test keeps them in step.
 */
public enum PostgresConfigKey implements DocumentedKey {

    /** The strategy. */
    ISOLATION("fahren.postgres.isolation", "rls, schema or database", null,
            "The isolation strategy. Required when fahren-postgres is deployed."),
    /** Management URL. */
    URL("fahren.postgres.url", "JDBC URL", null, "The database, as jdbc:postgresql://host:port/db. Required."),
    /** Management login. */
    USERNAME("fahren.postgres.username", "string", null,
            "The management login: table owner for rls, CREATEROLE for schema. Required, unless the application only "
                    + "serves tenants (then leave it out and set the tenants login)."),
    /** Management password. */
    PASSWORD("fahren.postgres.password", "secret", null, "The management login's password."),
    /** Tenants-side login. */
    TENANTS_USERNAME("fahren.postgres.tenants.username", "string", null,
            "The tenants-side login: an ordinary role (no SUPERUSER, no BYPASSRLS). The management side grants it the "
                    + "tenant role(s) and the registry's one-tenant look-up. Default: the management login."),
    /** Tenants-side password. */
    TENANTS_PASSWORD("fahren.postgres.tenants.password", "secret", null, "The tenants-side login's password."),
    /** Binding mode. */
    BINDING_MODE("fahren.postgres.binding-mode", "session or transaction", "session",
            "How long a connection carries its tenant; transaction behind PgBouncer in transaction pooling (it also "
                    + "turns pgjdbc's named prepared statements off in Fahren's pools)."),
    /** Tenants-side pool size. */
    POOL_SIZE("fahren.postgres.pool.size", "integer", "10", "Maximum size of the tenants-side connection pool."),
    /** Delete lock timeout. */
    DELETE_LOCK_TIMEOUT("fahren.postgres.delete-lock-timeout", "seconds", "30",
            "RLS and schema per tenant: how long deleteTenant waits for the tenant's open transactions before it "
                    + "fails, deleting nothing (call it again once they end)."),
    /** Registry schema. */
    REGISTRY_SCHEMA("fahren.postgres.registry-schema", "identifier", "fahren",
            "Schema of the tenant registry table in the management database."),
    /** RLS tenant column. */
    RLS_TENANT_COLUMN("fahren.postgres.rls.tenant-column", "identifier", "tenant_id",
            "The column that holds the tenant id; tables with it are tenant tables."),
    /** RLS tables. */
    RLS_TABLES("fahren.postgres.rls.tables", "list of schema.table", null,
            "Explicit tenant tables. Default: every table with the tenant column."),
    /** RLS auto-setup. */
    RLS_AUTO_SETUP("fahren.postgres.rls.auto-setup", "boolean", "false",
            "Set up roles, grants and policies on createTenant for tables not set up yet."),
    /** FORCE RLS. */
    RLS_FORCE("fahren.postgres.rls.force-on-table-owner", "boolean", "true",
            "FORCE ROW LEVEL SECURITY, so the table owner is bound by the policy too."),
    /** RLS: rewrite foreign keys into their tenant-scoped form. */
    RLS_SCOPE_FOREIGN_KEYS("fahren.postgres.rls.scope-foreign-keys", "boolean", "false",
            "Setup rewrites each foreign key between tenant tables that lacks the tenant column into (tenant_id, ...) "
                    + "REFERENCES t (tenant_id, ...), adding the unique key it needs. When false, setup and createTenant "
                    + "refuse such keys and print that DDL."),
    /** RLS: constraints knowingly left unscoped. */
    RLS_UNSCOPED_CONSTRAINTS("fahren.postgres.rls.unscoped-constraints", "list of schema.table.constraint", null,
            "Constraints of tenant tables that setup accepts although they reach across tenants (see the RLS threat "
                    + "model). Default: none."),
    /** RLS tenant role. */
    RLS_TENANT_ROLE("fahren.postgres.rls.tenant-role", "identifier", "fahren_tenant",
            "The NOLOGIN role tenant connections switch to."),
    /** Schema prefix. */
    SCHEMA_PREFIX("fahren.postgres.schema.prefix", "identifier prefix", "tenant_",
            "Prefix of each tenant's schema and role."),
    /** Schema isolation with per-tenant logins. */
    SCHEMA_PER_TENANT_LOGINS("fahren.postgres.schema.per-tenant-logins", "boolean", "false",
            "Schema isolation: give each tenant a LOGIN role, its password in the secrets provider, and its own pool."),
    /** Database prefix. */
    DATABASE_PREFIX("fahren.postgres.database.prefix", "identifier prefix", "tenant_",
            "Prefix of each tenant's database and login role."),
    /** Template database. */
    DATABASE_TEMPLATE("fahren.postgres.database.template", "identifier", null,
            "Template for CREATE DATABASE. Default: the server's default (template1)."),
    /** DROP DATABASE WITH (FORCE). */
    DATABASE_FORCE_ON_DELETE("fahren.postgres.database.force-on-delete", "boolean", "true",
            "DROP DATABASE ... WITH (FORCE) on deleteTenant, ending the tenant's open sessions."),
    /** Revoke CONNECT from PUBLIC on the other databases. */
    DATABASE_REVOKE_PUBLIC_CONNECT("fahren.postgres.database.revoke-public-connect", "boolean", "false",
            "createTenant revokes CONNECT from PUBLIC on every other database that grants it (the management login "
                    + "keeps it on its own), so tenant logins open only their own database. When false, createTenant "
                    + "refuses while such a database exists."),
    /** Open tenant pools. */
    POOL_MAX_TENANTS("fahren.postgres.pool.max-tenants", "integer", "100",
            "Per-tenant pools (database, or schema with per-tenant logins): most kept open; the least recently used "
                    + "unused one closes first."),
    /** Global connection cap. */
    POOL_MAX_CONNECTIONS("fahren.postgres.pool.max-connections", "integer", "40",
            "Per-tenant pools: most server connections across all of them; beyond it callers wait, then fail."),
    /** Several servers. */
    SERVERS("fahren.postgres.servers", "names", null,
            "database or schema (either mode): the servers tenants are placed on, comma separated names "
                    + "([a-z][a-z0-9_-]*), each with its fahren.postgres.servers.<name>.url. fahren.postgres.url keeps the "
                    + "registry (it may be one of them). Unset: every tenant on fahren.postgres.url."),
    /** A server's URL. */
    SERVER_URL("fahren.postgres.servers.<name>.url", "JDBC URL", null,
            "The server's management database, as jdbc:postgresql://host:port/db; tenant databases get its host and "
                    + "port, tenant schemas are created in it."),
    /** A server's login. */
    SERVER_USERNAME("fahren.postgres.servers.<name>.username", "string", null,
            "Its management login (a superuser, or CREATEDB and CREATEROLE). Default: fahren.postgres.username."),
    /** A server's password. */
    SERVER_PASSWORD("fahren.postgres.servers.<name>.password", "secret", null,
            "That login's password. Default: fahren.postgres.password."),
    /** A server's weight. */
    SERVER_WEIGHT("fahren.postgres.servers.<name>.weight", "integer", "1",
            "Its share under placement=weighted: a server of weight 2 gets twice the tenants."),
    /** A server's tenant limit. */
    SERVER_MAX_TENANTS("fahren.postgres.servers.<name>.max-tenants", "integer", "0",
            "The most tenants (databases or schemas) placed on it; a full server is skipped. 0: no limit."),
    /** A server's connection cap. */
    SERVER_MAX_CONNECTIONS("fahren.postgres.servers.<name>.max-connections", "integer", "0",
            "The most connections this process's tenant pools open to it, beside fahren.postgres.pool.max-connections "
                    + "across all servers. 0: only that one. Schema per tenant with a shared pool: the size of its shared "
                    + "pool (0: fahren.postgres.pool.size)."),
    /** Placement policy. */
    PLACEMENT("fahren.postgres.placement", "fewest, weighted or attribute", "fewest",
            "With fahren.postgres.servers: where a new tenant goes. fewest: the server with the fewest; "
                    + "weighted: the fewest per weight; attribute: the server its attribute names (fewest without it). "
                    + "An application bean implementing io.fahren.postgres.TenantPlacement replaces it."),
    /** The placement attribute. */
    PLACEMENT_ATTRIBUTE("fahren.postgres.placement.attribute", "attribute key", "server",
            "placement=attribute: the tenant attribute (createTenant(id, attributes)) that names the server."),
    /** Citus distribution of new tenants. */
    CITUS("fahren.postgres.citus", "off, auto or required", "off",
            "rls and schema: after creating a tenant, distribute its data with Citus (tables by the tenant column, or "
                    + "the tenant's schema). auto does so when the server has the citus extension; required fails "
                    + "createTenant, changing nothing, when it has not.");

    /** The prefix this module owns. */
    public static final String PREFIX = "fahren.postgres.";

    private final Doc doc;

    PostgresConfigKey(String key, String type, String defaultValue, String description) {
        this.doc = new Doc(key, type, defaultValue, description);
    }

    @Override
    public Doc doc() {
        return doc;
    }
}
