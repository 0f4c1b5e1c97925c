package io.fahren.secrets;

import io.fahren.spi.Secret;
import io.fahren.spi.SecretsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Secrets in AWS Secrets Manager, through the AWS SDK v2 {@code secretsmanager} client (an
 * optional dependency: add {@code software.amazon.awssdk:secretsmanager} when you choose this
 * provider).
 *
 * <ul>
 *   <li>A path {@code /tenants/acme/postgres/connection} becomes the secret name
 *       {@code tenants/acme/postgres/connection}; the value is a JSON object of the fields.</li>
 *   <li>{@link #delete(String)} uses {@code ForceDeleteWithoutRecovery}, so the tenant can be
 *       created again under the same name at once, and the old value cannot be restored.</li>
 * </ul>
 *
 * <pre>{@code
 * try (AwsSecretsProvider secrets = new AwsSecretsProvider(new AwsSettings("eu-west-1", null))) {
 *     secrets.write("/tenants/acme/redis/connection", secret);
 * }
 * }</pre>
 */
public final class AwsSecretsProvider implements SecretsProvider, AutoCloseable {

    private final AwsSettings settings;
    private final SecretsManagerClient client;

    /**
     * @param settings the region and optional endpoint
     */
    public AwsSecretsProvider(AwsSettings settings) {
        this.settings = settings;
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder().region(Region.of(settings.region()));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        this.client = builder.build();
    }

    @Override
    public Secret read(String path) {
        String name = name(path);
        try {
            String json = client.getSecretValue(r -> r.secretId(name)).secretString();
            return SecretJson.fromJson(json, path);
        } catch (ResourceNotFoundException e) {
            throw new SecretNotFoundException(path, "No secret named '" + name + "' in AWS Secrets Manager ("
                    + where() + "). Was the tenant provisioned?");
        } catch (SecretsManagerException | SdkClientException e) {
            throw unavailable("read " + path, e);
        }
    }

    @Override
    public void write(String path, Secret secret) {
        String name = name(path);
        String json = SecretJson.toJson(secret);
        try {
            try {
                client.putSecretValue(r -> r.secretId(name).secretString(json));
            } catch (ResourceNotFoundException absent) {
                try {
                    client.createSecret(r -> r.name(name).secretString(json));
                } catch (ResourceExistsException createdMeanwhile) {
                    client.putSecretValue(r -> r.secretId(name).secretString(json));
                }
            }
        } catch (SecretsManagerException | SdkClientException e) {
            throw unavailable("write " + path, e);
        }
    }

    @Override
    public void delete(String path) {
        String name = name(path);
        try {
            client.deleteSecret(r -> r.secretId(name).forceDeleteWithoutRecovery(true));
        } catch (ResourceNotFoundException alreadyGone) {
            // deleting a missing secret does nothing
        } catch (SecretsManagerException | SdkClientException e) {
            throw unavailable("delete " + path, e);
        }
    }

    /** Closes the SDK client and its HTTP connections. */
    @Override
    public void close() {
        client.close();
    }

    private static String name(String path) {
        return path.replaceAll("^/+", "");
    }

    private String where() {
        return "region " + settings.region() + (settings.endpoint() == null ? "" : ", endpoint " + settings.endpoint());
    }

    private SecretsUnavailableException unavailable(String what, RuntimeException e) {
        String problem;
        String check;
        if (e instanceof SecretsManagerException service) {
            int status = service.statusCode();
            String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
            problem = "refused the request (HTTP " + status + " " + code + ")";
            check = "the AWS credentials and their IAM permissions for secretsmanager";
        } else if (String.valueOf(e.getMessage()).contains("credentials")) {
            problem = "could not be used: the AWS SDK found no credentials";
            check = "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, the AWS profile or the instance role";
        } else {
            problem = "could not be reached";
            check = "fahren.secrets.aws.region and fahren.secrets.aws.endpoint";
        }
        return new SecretsUnavailableException("AWS Secrets Manager (" + where() + ") " + problem + " during " + what
                + ". Check " + check + ".", e);
    }

    @Override
    public String toString() {
        return "AwsSecretsProvider[" + where() + "]";
    }
}
