package io.fahren.postgres;

import static io.fahren.postgres.impl.config.PostgresConfigKey.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The options builders and the CDI loader take every default from {@code PostgresConfigKey}, the
 * one place a default is written (and documented, in docs/configuration.md).
 */
class OptionDefaultsTest {

    @Test
    void rlsOptionsDefaultToTheDocumentedKeys() {
        RlsOptions rls = RlsOptions.defaults();
        assertThat(rls.tenantColumn()).isEqualTo(RLS_TENANT_COLUMN.defaultValue());
        assertThat(rls.autoSetup()).isEqualTo(Boolean.parseBoolean(RLS_AUTO_SETUP.defaultValue()));
        assertThat(rls.forceRlsOnTableOwner()).isEqualTo(Boolean.parseBoolean(RLS_FORCE.defaultValue()));
        assertThat(rls.tenantRole()).isEqualTo(RLS_TENANT_ROLE.defaultValue());
        assertThat(rls.scopeForeignKeys())
                .isEqualTo(Boolean.parseBoolean(RLS_SCOPE_FOREIGN_KEYS.defaultValue()));
        assertThat(rls.bindingMode().name()).isEqualToIgnoringCase(BINDING_MODE.defaultValue());
        assertThat(rls.poolSize()).isEqualTo(Integer.parseInt(POOL_SIZE.defaultValue()));
        assertThat(rls.registrySchema()).isEqualTo(REGISTRY_SCHEMA.defaultValue());
        assertThat(rls.deleteLockTimeout())
                .isEqualTo(Duration.ofSeconds(Long.parseLong(DELETE_LOCK_TIMEOUT.defaultValue())));
    }

    @Test
    void schemaOptionsDefaultToTheDocumentedKeys() {
        SchemaOptions schema = SchemaOptions.defaults();
        assertThat(schema.schemaPrefix()).isEqualTo(SCHEMA_PREFIX.defaultValue());
        assertThat(schema.rolePrefix()).isEqualTo(SCHEMA_PREFIX.defaultValue());
        assertThat(schema.perTenantLogins())
                .isEqualTo(Boolean.parseBoolean(SCHEMA_PER_TENANT_LOGINS.defaultValue()));
        assertThat(schema.bindingMode().name()).isEqualToIgnoringCase(BINDING_MODE.defaultValue());
        assertThat(schema.poolSize()).isEqualTo(Integer.parseInt(POOL_SIZE.defaultValue()));
        assertThat(schema.registrySchema()).isEqualTo(REGISTRY_SCHEMA.defaultValue());
        assertThat(schema.pools().maxTenants()).isEqualTo(Integer.parseInt(POOL_MAX_TENANTS.defaultValue()));
        assertThat(schema.pools().maxConnections())
                .isEqualTo(Integer.parseInt(POOL_MAX_CONNECTIONS.defaultValue()));
    }

    @Test
    void databaseOptionsDefaultToTheDocumentedKeys() {
        DatabaseOptions database = DatabaseOptions.defaults();
        assertThat(database.prefix()).isEqualTo(DATABASE_PREFIX.defaultValue());
        assertThat(database.template()).isNull();
        assertThat(database.forceOnDelete()).isEqualTo(Boolean.parseBoolean(DATABASE_FORCE_ON_DELETE.defaultValue()));
        assertThat(database.revokePublicConnect())
                .isEqualTo(Boolean.parseBoolean(DATABASE_REVOKE_PUBLIC_CONNECT.defaultValue()));
        assertThat(database.maxTenants()).isEqualTo(Integer.parseInt(POOL_MAX_TENANTS.defaultValue()));
        assertThat(database.maxConnections()).isEqualTo(Integer.parseInt(POOL_MAX_CONNECTIONS.defaultValue()));
        assertThat(database.registrySchema()).isEqualTo(REGISTRY_SCHEMA.defaultValue());
    }
}
