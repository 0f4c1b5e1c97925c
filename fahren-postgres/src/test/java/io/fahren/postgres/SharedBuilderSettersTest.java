package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The setters every strategy's options builder shares are written once (StrategyOptions.Builder
 * and SharedDatabaseBuilder); each still reaches its own options, chains, and the old names of
 * the tenants-side logins still work.
 */
class SharedBuilderSettersTest {

    @Test
    void rlsAndSchemaTakeTheSharedDatabaseSetters() {
        RlsOptions rls = RlsOptions.builder().registrySchema("reg").tenantLogins(List.of("app"))
                .bindingMode(BindingMode.TRANSACTION).poolSize(3).deleteLockTimeout(Duration.ofSeconds(7))
                .tenantColumn("org").build();
        assertThat(rls.registrySchema()).isEqualTo("reg");
        assertThat(rls.tenantLogins()).containsExactly("app");
        assertThat(rls.bindingMode()).isEqualTo(BindingMode.TRANSACTION);
        assertThat(rls.poolSize()).isEqualTo(3);
        assertThat(rls.deleteLockTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(rls.tenantColumn()).isEqualTo("org");

        SchemaOptions schema = SchemaOptions.builder().registrySchema("reg2").tenantLogins(List.of("svc"))
                .bindingMode(BindingMode.TRANSACTION).poolSize(4).deleteLockTimeout(Duration.ofSeconds(9))
                .schemaPrefix("t_").build();
        assertThat(schema.registrySchema()).isEqualTo("reg2");
        assertThat(schema.tenantLogins()).containsExactly("svc");
        assertThat(schema.bindingMode()).isEqualTo(BindingMode.TRANSACTION);
        assertThat(schema.poolSize()).isEqualTo(4);
        assertThat(schema.deleteLockTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(schema.schemaPrefix()).isEqualTo("t_");
    }

    @Test
    void databaseTakesTheCommonSetters() {
        DatabaseOptions database = DatabaseOptions.builder().registrySchema("reg3").tenantLogins(List.of("reader"))
                .prefix("db_").build();
        assertThat(database.registrySchema()).isEqualTo("reg3");
        assertThat(database.tenantLogins()).containsExactly("reader");
        assertThat(database.registryReaders()).containsExactly("reader");
        assertThat(database.prefix()).isEqualTo("db_");
    }

    @Test
    @SuppressWarnings("removal")
    void theOldNamesOfTheTenantsSideLoginsStillWork() {
        assertThat(RlsOptions.builder().grantTenantRoleTo(List.of("a")).build().tenantLogins()).containsExactly("a");
        assertThat(SchemaOptions.builder().grantTenantRolesTo(List.of("b")).build().tenantLogins()).containsExactly("b");
        assertThat(DatabaseOptions.builder().registryReaders(List.of("c")).build().tenantLogins()).containsExactly("c");
    }

    @Test
    void loginsSetThroughTheSharedSetterAreStillCheckedWhenBuilt() {
        // names are quoted, so any text is a safe identifier; one PostgreSQL would truncate is not
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RlsOptions.builder()
                .tenantLogins(List.of("x".repeat(64))).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("over 63 bytes");
    }
}
