package io.fahren.postgres;

import io.fahren.postgres.PostgresEngine.Strategy;
import com.zaxxer.hikari.HikariDataSource;
import io.fahren.internal.ActiveTenants;
import io.fahren.postgres.impl.database.DatabaseStrategy;
import io.fahren.postgres.impl.pool.Pools;
import io.fahren.postgres.impl.rls.RlsIsolation;
import io.fahren.postgres.impl.schema.SchemaIsolation;
import io.fahren.postgres.impl.schema.SchemaLoginStrategy;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.spi.SecretsProvider;
import io.fahren.test.Halt;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The child process of {@link CreateCrashTest}: one {@code createTenant} of one PostgreSQL strategy,
 * wired as {@link Postgres#forManagement()} wires it, but with every statement and commit (the
 * registry's included) and every secret write a {@link Halt} step, so the JVM can be halted in
 * front of any of them.
 * Connection details come from the environment ({@link Halt#URL} and the others).
 */
public final class CrashingCreate {

    /** The tenants-side login, besides {@link Halt}'s variables. */
    static final String APP = "FAHREN_CRASH_APP";

    private CrashingCreate() {
    }

    /**
     * @param args the strategy ({@code rls}, {@code schema}, {@code schema-logins}, {@code database})
     *        and the tenant id
     */
    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        PostgresConnection admin = PostgresConnection.of(env.get(Halt.URL), env.get(Halt.USER),
                env.get(Halt.PASSWORD));
        try (HikariDataSource pool = Pools.open(admin, 2, "crash-management", BindingMode.SESSION);
                HikariDataSource locks = Pools.open(admin, 1, "crash-locks", BindingMode.SESSION)) {
            DataSource halting = Halt.dataSource(pool);
            Strategy strategy = strategy(args[0], admin, env.get(Halt.RUN), env.get(APP),
                    Path.of(env.get(Halt.SECRETS)), Halt::secrets);
            PostgresTenantRegistry registry = new PostgresTenantRegistry(halting, Halt.dataSource(locks),
                    strategy.options().registrySchema());
            new PostgresManagement(admin, halting, strategy, registry, strategy.resource(halting), List.of(),
                    new ActiveTenants(registry)).createTenant(args[1]);
        }
        Halt.completed();
    }

    /**
     * The strategies under test, with the same options in the child and in the test.
     *
     * @param kind {@code rls}, {@code schema}, {@code schema-logins} or {@code database}
     * @param run the per-run suffix of server-wide names
     * @param app the tenants-side login, granted the tenant roles
     * @param secretsFile the secrets store shared by child and test
     * @param backend wraps the secrets backend (the child makes it halt)
     */
    static Strategy strategy(String kind, PostgresConnection admin, String run, String app, Path secretsFile,
            UnaryOperator<SecretsProvider> backend) {
        TenantSecrets secrets = new TenantSecrets(backend.apply(new FileSecretsProvider(secretsFile)),
                TenantSecrets.DEFAULT_PATTERN);
        String tag = run.substring(0, 4) + "_"; // prefixes are at most 7 characters
        return switch (kind) {
            case "rls" -> new RlsIsolation(RlsOptions.builder().autoSetup(true).tables(List.of("public.crash_notes"))
                    .tenantRole("crash_tenant_" + run).tenantLogins(List.of(app)).registrySchema("fahren_crash_rls")
                    .build());
            case "schema" -> new SchemaIsolation(SchemaOptions.builder().schemaPrefix("cs" + tag)
                    .rolePrefix("cs" + tag).tenantLogins(List.of(app)).registrySchema("fahren_crash_schema")
                    .build());
            case "schema-logins" -> new SchemaLoginStrategy(admin, SchemaOptions.builder()
                    .schemaPrefix("cl" + tag).rolePrefix("cl" + tag).perTenantLogins(true)
                    .registrySchema("fahren_crash_logins").build(), secrets);
            case "database" -> new DatabaseStrategy(admin, DatabaseOptions.builder().revokePublicConnect(true).prefix("cd" + tag)
                    .registrySchema("fahren_crash_db").build(), secrets);
            default -> throw new IllegalArgumentException(kind);
        };
    }
}
