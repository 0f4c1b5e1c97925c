package io.fahren.postgres;

/**
 * Where a tenant's schema changes run, as its isolation strategy places them: the input of a
 * migration tool such as {@code fahren-flyway}'s {@code TenantMigrations}.
 *
 * <ul>
 *   <li>Schema per tenant: the management login, acting as the tenant's role (so that what the
 *       changes create is the tenant's), in the tenant's schema.</li>
 *   <li>Database per tenant: the tenant's own login, in its own database.</li>
 *   <li>Row-level security: the management login on the shared tables; one run serves every
 *       tenant ({@link #shared()}).</li>
 * </ul>
 *
 * <pre>{@code
 * TenantDdl ddl = postgres.forManagement().ddl("acme");
 * try (Connection c = DriverManager.getConnection(ddl.login().url(), ddl.login().username(), ddl.login().password())) {
 *     // act as ddl.role() (set_config('role', ?, false)) and create objects in ddl.schema()
 * }
 * }</pre>
 *
 * <p>{@link #toString()} never shows the password.
 *
 * @param login how to connect
 * @param role the role to act as once connected (a bound value of {@code set_config('role', ?,
 *        false)}), or null to act as the login itself
 * @param schema the schema the tenant's objects are created in, or null for the login's default
 * @param shared whether the changes are the same for every tenant and run once (shared tables)
 */
public record TenantDdl(PostgresConnection login, String role, String schema, boolean shared) {
}
