package io.fahren.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.FahrenConfigurationException;
import io.fahren.TenantId;
import io.fahren.spi.Secret;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantSecretsTest {

    private static final TenantId ACME = TenantId.of("acme");

    @TempDir
    Path dir;

    private TenantSecrets secrets(String pattern) {
        return new TenantSecrets(new FileSecretsProvider(dir.resolve("s.json")), pattern);
    }

    @Test
    void defaultPatternWithAndWithoutResourceId() {
        TenantSecrets secrets = secrets(TenantSecrets.DEFAULT_PATTERN);
        assertThat(secrets.path(ACME, "postgres")).isEqualTo("/tenants/acme/postgres/connection");
        assertThat(secrets.path(ACME, "postgres", "analytics")).isEqualTo("/tenants/acme/postgres/analytics/connection");
        assertThat(secrets.path(ACME, "postgres", null)).isEqualTo("/tenants/acme/postgres/connection");
    }

    @Test
    void configuredPatternIsHonoured() {
        TenantSecrets secrets = secrets("/apps/orders/{resource}/{resourceId}/{tenantId}");
        assertThat(secrets.path(ACME, "redis")).isEqualTo("/apps/orders/redis/acme");
        assertThat(secrets.path(ACME, "redis", "cache")).isEqualTo("/apps/orders/redis/cache/acme");
    }

    @Test
    void patternsWithoutEveryPlaceholderAreRefused() {
        for (String bad : new String[] {"/t/{tenantId}/{resource}", "t/{tenantId}/{resource}/{resourceId}",
            "/t/{resource}/{resourceId}", "/t/{tenantId}/{resourceId}"}) {
            assertThatThrownBy(() -> TenantSecrets.checkPattern(bad)).isInstanceOf(FahrenConfigurationException.class);
        }
    }

    @Test
    void resourceNamesAndIdsCannotEscapeThePath() {
        TenantSecrets secrets = secrets(TenantSecrets.DEFAULT_PATTERN);
        assertThatThrownBy(() -> secrets.path(ACME, "../other")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> secrets.path(ACME, "postgres", "a/b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void connectionRecordsRoundTripThroughJsonAndHideThePassword() {
        ConnectionSecret connection = new ConnectionSecret("jdbc:postgresql://db/acme", "tenant_acme", "pa\"ss\\word");
        Secret secret = connection.toSecret();
        String json = TenantSecrets.toJson(secret);
        assertThat(TenantSecrets.fromJson(json)).isEqualTo(secret);
        assertThat(ConnectionSecret.from(TenantSecrets.fromJson(json), "/p")).isEqualTo(connection);
        assertThat(connection.toString()).doesNotContain("pa\"ss");

        TenantSecrets secrets = secrets(TenantSecrets.DEFAULT_PATTERN);
        secrets.store(ACME, "postgres", connection);
        assertThat(secrets.load(ACME, "postgres")).isEqualTo(connection);
        secrets.delete(ACME, "postgres");
        assertThatThrownBy(() -> secrets.load(ACME, "postgres")).isInstanceOf(SecretNotFoundException.class);
    }

    @Test
    void malformedJsonIsRejectedWithoutQuotingIt() {
        assertThatThrownBy(() -> TenantSecrets.fromJson("{\"password\": \"hunter2\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> TenantSecrets.fromJson("{\"password\": 42}"))
                .hasMessageContaining("not a string");
        assertThatThrownBy(() -> ConnectionSecret.from(Secret.of(Map.of("username", "u")), "/p"))
                .hasMessageContaining("'password'");
    }
}
