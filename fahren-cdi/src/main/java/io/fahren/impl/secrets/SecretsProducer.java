package io.fahren.impl.secrets;

import io.fahren.impl.config.SecretsConfig;
import io.fahren.impl.runtime.FahrenRuntime;
import io.fahren.FahrenConfigurationException;
import io.fahren.secrets.AwsSecretsProvider;
import io.fahren.secrets.ConfigSecretsProvider;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import io.fahren.secrets.VaultSecretsProvider;
import io.fahren.spi.SecretsProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Produces the {@link SecretsProvider} chosen by {@code fahren.secrets.provider}, and
 * {@link TenantSecrets} on top of it.
 *
 * <p>Application scoped; the scope is added by {@code io.fahren.impl.FahrenExtension}.
 * A provider class is only loaded when it is chosen, so the Vault driver and the AWS SDK stay
 * optional.
 */
public class SecretsProducer {

    @Inject
    FahrenRuntime runtime;

    @Produces
    @ApplicationScoped
    SecretsProvider secretsProvider() {
        SecretsConfig secrets = runtime.config().secrets();
        SecretsConfig.Kind kind = secrets.provider().orElseThrow(() -> new FahrenConfigurationException(
                "Something needs tenant secrets, but no secrets provider is configured. Set fahren.secrets.provider "
                        + "to one of " + SecretsConfig.Kind.allowed() + " (see docs/secrets.md)."));
        return switch (kind) {
            case VAULT -> new VaultSecretsProvider(secrets.vault());
            case AWS -> new AwsSecretsProvider(secrets.aws());
            case FILE -> new FileSecretsProvider(secrets.file());
            case CONFIG -> new ConfigSecretsProvider(ConfigProvider.getConfig());
        };
    }

    void closeSecretsProvider(@Disposes SecretsProvider provider) throws Exception {
        if (provider instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Produces
    @Dependent
    TenantSecrets tenantSecrets(SecretsProvider provider) {
        return new TenantSecrets(provider, runtime.config().secrets().pathPattern());
    }
}
