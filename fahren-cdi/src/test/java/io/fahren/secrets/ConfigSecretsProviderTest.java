package io.fahren.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.spi.Secret;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

class ConfigSecretsProviderTest {

    private final Config config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
            "fahren.secrets.values.tenants.acme.postgres.connection.username", "tenant_acme",
            "fahren.secrets.values.tenants.acme.postgres.connection.password", "from-config",
            "fahren.secrets.values.tenants.acme.postgres.connection.extra.nested", "ignored",
            "fahren.secrets.values.tenants.acme.postgres.connectionx.password", "other-path"), "test", 500)).build();

    private final ConfigSecretsProvider provider = new ConfigSecretsProvider(config);

    @Test
    void readsTheFieldsUnderThePathsPrefix() {
        assertThat(provider.read("/tenants/acme/postgres/connection"))
                .isEqualTo(Secret.of(Map.of("username", "tenant_acme", "password", "from-config")));
    }

    @Test
    void missingPathGivesSecretNotFoundNamingTheExpectedProperty() {
        assertThatThrownBy(() -> provider.read("/tenants/globex/postgres/connection"))
                .isInstanceOf(SecretNotFoundException.class)
                .hasMessageContaining("fahren.secrets.values.tenants.globex.postgres.connection.<field>");
    }

    @Test
    void writingAndDeletingExplainThatTheProviderIsStatic() {
        Secret secret = Secret.of(Map.of("password", "x"));
        assertThatThrownBy(() -> provider.write("/tenants/acme/redis/connection", secret))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("static and read-only")
                .hasMessageContaining("vault, aws or file");
        assertThatThrownBy(() -> provider.delete("/tenants/acme/postgres/connection"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(provider.read("/tenants/acme/postgres/connection").get("password")).contains("from-config");
    }
}
