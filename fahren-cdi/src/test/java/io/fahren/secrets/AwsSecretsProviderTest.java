package io.fahren.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fahren.spi.Secret;
import io.fahren.spi.SecretsProvider;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AwsSecretsProviderTest extends SecretsProviderContract {

    private static AwsTarget aws;
    private final AwsSecretsProvider provider = new AwsSecretsProvider(aws.settings());

    @BeforeAll
    static void startAws() throws IOException {
        aws = AwsTarget.start();
    }

    @AfterAll
    static void stopAws() throws Exception {
        aws.close();
    }

    @AfterEach
    void closeClient() {
        provider.close();
    }

    @Override
    protected SecretsProvider provider() {
        return provider;
    }

    @Override
    protected List<Throwable> failuresWith(Secret secret) {
        String previous = System.getProperty("aws.accessKeyId");
        System.setProperty("aws.accessKeyId", "AKIDWRONG");
        try (AwsSecretsProvider refused = new AwsSecretsProvider(aws.settings())) {
            return List.of(catchThrowable(() -> refused.write(path("leak"), secret)));
        } finally {
            System.setProperty("aws.accessKeyId", previous);
        }
    }

    @Test
    void pathsBecomeSecretNamesWithoutTheLeadingSlash() {
        provider.write(path("acme"), secret("named"));
        if (aws.standIn() != null) {
            assertThat(aws.standIn().contains(path("acme").substring(1))).isTrue();
        }
        provider.delete(path("acme"));
    }

    @Test
    void deletedSecretCanBeCreatedAgainAtOnce() {
        provider.write(path("acme"), secret("first-life"));
        provider.delete(path("acme"));
        provider.write(path("acme"), secret("second-life"));
        assertThat(provider.read(path("acme")).get("password")).contains("second-life");
        provider.delete(path("acme"));
    }

    @Test
    void unreachableEndpointGivesSecretsUnavailable() throws IOException {
        URI nowhere = nowhere();
        try (AwsSecretsProvider down = new AwsSecretsProvider(new AwsSettings("us-east-1", nowhere))) {
            assertThatThrownBy(() -> down.read(path("acme")))
                    .isInstanceOf(SecretsUnavailableException.class)
                    .hasMessageContaining(nowhere.toString())
                    .hasMessageContaining("could not be reached")
                    .hasMessageContaining("fahren.secrets.aws.endpoint");
        }
    }

    @Test
    void refusedCredentialsGiveSecretsUnavailable() {
        Throwable refused = failuresWith(secret("x")).get(0);
        assertThat(refused)
                .isInstanceOf(SecretsUnavailableException.class)
                .hasMessageContaining("refused")
                .hasMessageContaining("credentials");
    }
}
