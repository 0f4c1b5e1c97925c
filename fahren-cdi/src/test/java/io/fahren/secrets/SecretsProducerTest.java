package io.fahren.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fahren.FahrenConfigurationException;
import io.fahren.TenantId;
import io.fahren.impl.FahrenExtension;
import io.fahren.spi.Secret;
import io.fahren.spi.SecretsProvider;
import io.fahren.test.Failures;
import io.fahren.test.Journal;
import io.fahren.test.TestConfig;
import jakarta.enterprise.inject.spi.DeploymentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fahren.secrets.provider} picks the injectable provider; bad settings stop the deployment. */
class SecretsProducerTest {

    @TempDir
    Path dir;

    private static WeldContainer start() {
        return new Weld().disableDiscovery().addExtension(new FahrenExtension()).addBeanClass(Journal.class).initialize();
    }

    private static String problems(Map<String, String> config) {
        try (TestConfig ignored = TestConfig.with(config)) {
            Throwable failure = catchThrowable(() -> start().close());
            assertThat(failure).isInstanceOf(DeploymentException.class);
            return Failures.describe(failure);
        }
    }

    @Test
    void fileProviderIsInjectedWithTenantSecretsOnTop() {
        Path file = dir.resolve("secrets.json");
        try (TestConfig ignored = TestConfig.with(Map.of("fahren.secrets.provider", "file",
                "fahren.secrets.file.path", file.toString()));
                WeldContainer container = start()) {
            TenantSecrets secrets = container.select(TenantSecrets.class).get();
            secrets.store(TenantId.of("acme"), "postgres", new ConnectionSecret("jdbc:postgresql://db/acme", "tenant_acme", "pw-1"));

            SecretsProvider provider = container.select(SecretsProvider.class).get();
            assertThat(provider.read("/tenants/acme/postgres/connection").get("password")).contains("pw-1");
            assertThat(secrets.load(TenantId.of("acme"), "postgres").username()).isEqualTo("tenant_acme");
            assertThat(Files.exists(file)).isTrue();
        }
    }

    @Test
    void configProviderReadsMicroProfileConfig() {
        try (TestConfig ignored = TestConfig.with(Map.of("fahren.secrets.provider", "config",
                "fahren.secrets.values.tenants.acme.redis.connection.username", "acme",
                "fahren.secrets.values.tenants.acme.redis.connection.password", "from-config"));
                WeldContainer container = start()) {
            Secret secret = container.select(SecretsProvider.class).get().read("/tenants/acme/redis/connection");
            assertThat(secret.get("password")).contains("from-config");
        }
    }

    @Test
    void usingSecretsWithNoProviderConfiguredSaysWhatToSet() {
        try (TestConfig ignored = TestConfig.with(Map.of()); WeldContainer container = start()) {
            SecretsProvider provider = container.select(SecretsProvider.class).get();
            assertThatThrownBy(() -> provider.read("/tenants/acme/postgres/connection"))
                    .isInstanceOf(FahrenConfigurationException.class)
                    .hasMessageContaining("fahren.secrets.provider")
                    .hasMessageContaining("vault, aws, file, config");
        }
    }

    @Test
    void unknownProviderFailsDeploymentListingTheAllowedValues() {
        assertThat(problems(Map.of("fahren.secrets.provider", "keychain")))
                .contains("fahren.secrets.provider is 'keychain'; allowed values are vault, aws, file, config");
    }

    @Test
    void vaultWithoutAddressOrCredentialsFailsDeployment() {
        assertThat(problems(Map.of("fahren.secrets.provider", "vault")))
                .contains("fahren.secrets.vault.address is required");
        assertThat(problems(Map.of("fahren.secrets.provider", "vault", "fahren.secrets.vault.address", "http://vault:8200")))
                .contains("either a token (fahren.secrets.vault.token)");
        assertThat(problems(Map.of("fahren.secrets.provider", "vault", "fahren.secrets.vault.address", "vault:8200",
                "fahren.secrets.vault.token", "t")))
                .contains("fahren.secrets.vault.address is 'vault:8200', which is not an http or https URL");
    }

    @Test
    void awsWithoutRegionAndFileWithoutPathFailDeployment() {
        assertThat(problems(Map.of("fahren.secrets.provider", "aws"))).contains("fahren.secrets.aws.region is required");
        assertThat(problems(Map.of("fahren.secrets.provider", "file"))).contains("fahren.secrets.file.path is required");
    }

    @Test
    void badPathPatternAndMisspelledKeysFailDeployment() {
        assertThat(problems(Map.of("fahren.secrets.path-pattern", "/secrets/{tenantId}")))
                .contains("fahren.secrets.path-pattern '/secrets/{tenantId}' must");
        assertThat(problems(Map.of("fahren.secrets.vault.adress", "http://vault:8200")))
                .contains("Unknown configuration key 'fahren.secrets.vault.adress'", "fahren.secrets.vault.address");
    }

    @Test
    void deploymentProblemsNeverQuoteTheToken() {
        assertThat(problems(Map.of("fahren.secrets.provider", "vault", "fahren.secrets.vault.address", "not a url",
                "fahren.secrets.vault.token", "hvs.TOKEN-VALUE", "fahren.secrets.vault.role-id", "r")))
                .doesNotContain("TOKEN-VALUE");
    }
}
