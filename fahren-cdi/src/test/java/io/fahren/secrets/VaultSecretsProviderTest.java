package io.fahren.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fahren.spi.Secret;
import io.fahren.spi.SecretsProvider;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VaultSecretsProviderTest extends SecretsProviderContract {

    private static VaultTarget vault;
    private final SecretsProvider provider = new VaultSecretsProvider(VaultSettings.withToken(vault.address(), vault.token()));

    @BeforeAll
    static void startVault() throws IOException {
        vault = VaultTarget.start();
    }

    @AfterAll
    static void stopVault() throws Exception {
        vault.close();
    }

    @Override
    protected SecretsProvider provider() {
        return provider;
    }

    @Override
    protected List<Throwable> failuresWith(Secret secret) {
        SecretsProvider refused = new VaultSecretsProvider(VaultSettings.withToken(vault.address(), "wrong-token"));
        return List.of(catchThrowable(() -> refused.write(path("leak"), secret)));
    }

    @Test
    void secretsAreWrittenUnderTheMountsDataPathAsKvVersion2() throws Exception {
        provider.write(path("acme"), secret("kv2"));
        assertThat(vault.versionStatus(path("acme"), 1)).isEqualTo(200);
        provider.delete(path("acme"));
    }

    @Test
    void deleteRemovesEveryVersionSoOldCredentialsCannotBeReadBack() throws Exception {
        provider.write(path("acme"), secret("v1"));
        provider.write(path("acme"), secret("v2"));
        assertThat(vault.metadataStatus(path("acme"))).isEqualTo(200);

        provider.delete(path("acme"));

        assertThat(vault.metadataStatus(path("acme"))).isEqualTo(404);
        assertThat(vault.versionStatus(path("acme"), 1)).isEqualTo(404);
        assertThat(vault.versionStatus(path("acme"), 2)).isEqualTo(404);
    }

    @Test
    void refusedTokenGivesSecretsUnavailableNamingTheAddressAndTheKey() {
        SecretsProvider refused = new VaultSecretsProvider(VaultSettings.withToken(vault.address(), "wrong-token"));
        assertThatThrownBy(() -> refused.read(path("acme")))
                .isInstanceOf(SecretsUnavailableException.class)
                .hasMessageContaining(vault.address().toString())
                .hasMessageContaining("refused")
                .hasMessageContaining("fahren.secrets.vault.token")
                .hasMessageNotContaining("wrong-token");
    }

    @Test
    void unreachableVaultGivesSecretsUnavailable() throws IOException {
        URI nowhere = nowhere();
        SecretsProvider down = new VaultSecretsProvider(VaultSettings.withToken(nowhere, vault.token()));
        assertThatThrownBy(() -> down.write(path("acme"), secret("x")))
                .isInstanceOf(SecretsUnavailableException.class)
                .hasMessageContaining(nowhere.toString())
                .hasMessageContaining("could not be reached")
                .hasMessageContaining("fahren.secrets.vault.address");
    }

    @Test
    void appRoleLogsInAndLogsInAgainWhenItsTokenExpires() {
        assumeTrue(vault.standIn() != null, "AppRole is set up only on the stand-in; a real Vault needs its own role");
        vault.standIn().enableAppRole("fahren-role", "fahren-secret-id");
        SecretsProvider approle = new VaultSecretsProvider(
                VaultSettings.withAppRole(vault.address(), "fahren-role", "fahren-secret-id"));
        approle.write(path("acme"), secret("via-approle"));

        vault.standIn().expireTokensExcept(vault.token());

        assertThat(approle.read(path("acme")).get("password")).contains("via-approle");
        approle.delete(path("acme"));
    }

    @Test
    void wrongAppRoleSecretIdGivesSecretsUnavailable() {
        assumeTrue(vault.standIn() != null, "AppRole is set up only on the stand-in");
        vault.standIn().enableAppRole("fahren-role", "fahren-secret-id");
        SecretsProvider approle = new VaultSecretsProvider(
                VaultSettings.withAppRole(vault.address(), "fahren-role", "not-the-secret-id"));
        assertThatThrownBy(() -> approle.read(path("acme")))
                .isInstanceOf(SecretsUnavailableException.class)
                .hasMessageContaining("fahren.secrets.vault.role-id")
                .hasMessageNotContaining("not-the-secret-id");
    }

    @Test
    void namespacesKeepSecretsApart() {
        assumeTrue(vault.standIn() != null, "namespaces need Vault Enterprise; the stand-in models them");
        SecretsProvider teamA = new VaultSecretsProvider(
                VaultSettings.withToken(vault.address(), vault.token()).withNamespace("team-a"));
        teamA.write(path("acme"), secret("in-team-a"));
        assertThatThrownBy(() -> provider.read(path("acme"))).isInstanceOf(SecretNotFoundException.class);
        assertThat(teamA.read(path("acme")).get("password")).contains("in-team-a");
        teamA.delete(path("acme"));
    }

    @Test
    void settingsNeverShowTheToken() {
        VaultSettings settings = VaultSettings.withToken(vault.address(), "hvs.super-secret-token");
        assertThat(settings.toString()).doesNotContain("super-secret");
        assertThat(new VaultSecretsProvider(settings).toString()).doesNotContain("super-secret");
        assertThat(VaultSettings.withAppRole(vault.address(), "role", "secret-id-value").toString())
                .doesNotContain("secret-id-value");
    }

    @Test
    void settingsNeedExactlyOneWayToLogIn() {
        URI address = vault.address();
        assertThatThrownBy(() -> new VaultSettings(address, null, null, null, "secret", null))
                .hasMessageContaining("either a token");
        assertThatThrownBy(() -> new VaultSettings(address, "t", "r", "s", "secret", null))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> new VaultSettings(address, null, "r", null, "secret", null))
                .hasMessageContaining("fahren.secrets.vault.secret-id");
    }
}
