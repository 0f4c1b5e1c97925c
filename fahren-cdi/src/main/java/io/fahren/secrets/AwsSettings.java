package io.fahren.secrets;

import java.net.URI;
import java.util.Objects;

/**
 * Where AWS Secrets Manager is: a region and, for LocalStack or another compatible service, an
 * endpoint. Credentials come from the AWS SDK's default chain (environment, system properties,
 * profile, container or instance role).
 *
 * <pre>{@code
 * SecretsProvider secrets = new AwsSecretsProvider(new AwsSettings("eu-west-1", null));
 * }</pre>
 *
 * @param region the AWS region, such as {@code eu-west-1}
 * @param endpoint an endpoint override, or null for the region's AWS endpoint
 */
public record AwsSettings(String region, URI endpoint) {

    /**
     * @throws NullPointerException when the region is missing
     */
    public AwsSettings {
        Objects.requireNonNull(region, "region (fahren.secrets.aws.region)");
    }
}
