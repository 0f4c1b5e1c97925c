package io.fahren.postgres.cdi;

import io.fahren.postgres.Postgres;
import io.fahren.TenantId;
import io.fahren.testing.FahrenExtensions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fahren.TenantManagement;
import io.fahren.Tenants;
import io.fahren.UnknownTenantException;
import io.fahren.postgres.PostgresTenants;
import io.fahren.postgres.TenantAware;
import io.fahren.spi.TenantRegistry;
import io.fahren.test.Failures;
import io.fahren.test.Journal;
import io.fahren.test.TestConfig;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.util.AnnotationLiteral;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** fahren.postgres.* chooses the strategy; TenantManagement then provisions PostgreSQL. */
@WithPostgres
class PostgresCdiTest {

    private static final class TenantAwareLiteral extends AnnotationLiteral<TenantAware> implements TenantAware {
        private static final long serialVersionUID = 1L;
    }

    private static Weld weld() {
        return new Weld().disableDiscovery().addExtensions(FahrenExtensions.of(TenantId.class, Postgres.class))
                .addBeanClass(Journal.class);
    }

    private static Map<String, String> config(PostgresDatabase db, String tenantsLogin, String tenantsPassword) {
        Map<String, String> config = new HashMap<>();
        config.put("fahren.postgres.isolation", "schema");
        config.put("fahren.postgres.url", db.jdbcUrl());
        config.put("fahren.postgres.username", db.user());
        config.put("fahren.postgres.password", db.password());
        config.put("fahren.postgres.tenants.username", tenantsLogin);
        config.put("fahren.postgres.tenants.password", tenantsPassword);
        config.put("fahren.postgres.schema.prefix", "cdi_");
        return config;
    }

    @Test
    void tenantManagementProvisionsTheSchemaAndTheDataSourceFollowsTheCurrentTenant(PostgresDatabase db) throws Exception {
        String login = "cdiapp_" + UUID.randomUUID().toString().substring(0, 8);
        String password = UUID.randomUUID().toString();
        createLogin(db, login, password);
        String tenant = "acme-" + UUID.randomUUID().toString().substring(0, 6);
        try (TestConfig ignored = TestConfig.with(config(db, login, password));
                WeldContainer container = weld().initialize()) {
            TenantManagement management = container.select(TenantManagement.class).get();
            management.createTenant(tenant);

            assertThat(container.select(TenantRegistry.class).get().find(io.fahren.TenantId.of(tenant)))
                    .as("the registry is the PostgreSQL table").isPresent();
            assertThat(count(db, "SELECT count(*) FROM fahren.tenants WHERE id = '" + tenant + "'")).isEqualTo(1);

            DataSource ds = container.select(DataSource.class, new TenantAwareLiteral()).get();
            String schema = Tenants.callAs(tenant, () -> {
                try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT current_schema()")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertThat(schema).isEqualTo("cdi_" + tenant);

            management.deleteTenant(tenant);
            assertThat(count(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'cdi_" + tenant + "'")).isZero();
            PostgresTenants tenants = container.select(PostgresTenants.class).get();
            assertThatThrownBy(() -> tenants.queryAs(tenant, "SELECT 1")).isInstanceOf(UnknownTenantException.class);
        }
    }

    @Test
    void databaseIsolationStoresCredentialsThroughTheConfiguredSecretsProvider(PostgresDatabase db,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("fahren.postgres.isolation", "database");
        config.put("fahren.postgres.url", db.jdbcUrl());
        config.put("fahren.postgres.username", db.user());
        config.put("fahren.postgres.password", db.password());
        config.put("fahren.postgres.database.prefix", "cdidb_");
        config.put("fahren.postgres.database.revoke-public-connect", "true");
        config.put("fahren.postgres.registry-schema", "fahren_cdidb");
        config.put("fahren.secrets.provider", "file");
        config.put("fahren.secrets.file.path", dir.resolve("secrets.json").toString());
        String tenant = "acme-" + UUID.randomUUID().toString().substring(0, 6);
        try (TestConfig ignored = TestConfig.with(config); WeldContainer container = weld().initialize()) {
            TenantManagement management = container.select(TenantManagement.class).get();
            management.createTenant(tenant);
            PostgresTenants tenants = container.select(PostgresTenants.class).get();
            assertThat(tenants.queryAs(tenant, "SELECT current_database() AS d").get(0)).containsEntry("d", "cdidb_" + tenant);
            assertThat(java.nio.file.Files.readString(dir.resolve("secrets.json")))
                    .contains("/tenants/" + tenant + "/postgres/connection");
            management.deleteTenant(tenant);
            assertThat(count(db, "SELECT count(*) FROM pg_database WHERE datname = 'cdidb_" + tenant + "'")).isZero();
        }
    }

    @Test
    void rlsIntegrityKeysScopeForeignKeysAndAcceptListedConstraints(PostgresDatabase db) throws Exception {
        String login = "cdirls_" + UUID.randomUUID().toString().substring(0, 8);
        String password = UUID.randomUUID().toString();
        createLogin(db, login, password);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA cdi_rls");
            s.execute("CREATE TABLE cdi_rls.docs (tenant_id text NOT NULL, id uuid PRIMARY KEY)");
            s.execute("CREATE TABLE cdi_rls.pages (tenant_id text NOT NULL, id bigserial PRIMARY KEY, "
                    + "doc uuid REFERENCES cdi_rls.docs (id))");
        }
        Map<String, String> config = config(db, login, password);
        config.put("fahren.postgres.isolation", "rls");
        config.put("fahren.postgres.registry-schema", "fahren_cdirls");
        config.put("fahren.postgres.rls.tables", "cdi_rls.docs, cdi_rls.pages");
        config.put("fahren.postgres.rls.auto-setup", "true");
        config.put("fahren.postgres.rls.tenant-role", "cdi_rls_tenant");
        config.put("fahren.postgres.rls.scope-foreign-keys", "true");
        config.put("fahren.postgres.rls.unscoped-constraints", "cdi_rls.docs.docs_pkey");
        try (TestConfig ignored = TestConfig.with(config); WeldContainer container = weld().initialize()) {
            container.select(TenantManagement.class).get().createTenant("cdi-rls");
            assertThat(count(db, "SELECT cardinality(conkey) FROM pg_constraint WHERE conname = 'pages_doc_fkey'"))
                    .isEqualTo(2);
        }
    }

    @Test
    void missingOrWrongSettingsFailDeploymentNamingTheKeys() {
        Map<String, String> config = Map.of("fahren.postgres.isolation", "database-per-galaxy",
                "fahren.postgres.pool.size", "-3", "fahren.postgres.binding-mod", "session");
        try (TestConfig ignored = TestConfig.with(config)) {
            Throwable failure = catchThrowable(() -> weld().initialize().close());
            assertThat(failure).isInstanceOf(DeploymentException.class);
            assertThat(Failures.describe(failure))
                    .contains("fahren.postgres.isolation is 'database-per-galaxy'; allowed values are rls, schema, database")
                    .contains("fahren.postgres.url is required")
                    .contains("fahren.postgres.username is required")
                    .contains("fahren.postgres.pool.size is '-3'")
                    .contains("Unknown configuration key 'fahren.postgres.binding-mod'");
        }
    }

    @Test
    void citusRequiredAddsTheStepThatRefusesATenantOnAServerWithoutCitus(PostgresDatabase db) throws Exception {
        String login = "cdicitus_" + UUID.randomUUID().toString().substring(0, 8);
        String password = UUID.randomUUID().toString();
        createLogin(db, login, password);
        Map<String, String> config = config(db, login, password);
        config.put("fahren.postgres.citus", "required");
        config.put("fahren.postgres.schema.prefix", "cdc_");
        String tenant = "citus-" + UUID.randomUUID().toString().substring(0, 6);
        try (TestConfig ignored = TestConfig.with(config); WeldContainer container = weld().initialize()) {
            TenantManagement management = container.select(TenantManagement.class).get();
            assertThat(Failures.describe(catchThrowable(() -> management.createTenant(tenant))))
                    .contains("fahren.postgres.citus=required").contains("CREATE EXTENSION citus");
            assertThat(count(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'cdc_" + tenant + "'"))
                    .as("the schema created before the Citus step is removed again").isZero();
            assertThat(management.find(tenant)).isEmpty();
        }
    }

    @Test
    void citusWithDatabaseIsolationFailsDeployment() {
        Map<String, String> config = Map.of("fahren.postgres.isolation", "database", "fahren.postgres.citus", "auto",
                "fahren.postgres.url", "jdbc:postgresql://127.0.0.1:1/never", "fahren.postgres.username", "admin");
        try (TestConfig ignored = TestConfig.with(config)) {
            Throwable failure = catchThrowable(() -> weld().initialize().close());
            assertThat(failure).isInstanceOf(DeploymentException.class);
            assertThat(Failures.describe(failure)).contains("fahren.postgres.citus=auto does not apply to "
                    + "fahren.postgres.isolation=database");
        }
    }

    private static void createLogin(PostgresDatabase db, String login, String password) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + login + " LOGIN PASSWORD '" + password + "'");
            // explicit: another test here has database isolation revoke CONNECT from PUBLIC
            s.execute("GRANT CONNECT ON DATABASE " + io.fahren.postgres.impl.sql.Sql.identifier(db.name()) + " TO " + login);
        }
    }

    private static long count(PostgresDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
