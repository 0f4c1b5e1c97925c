package io.fahren.secrets;

import java.io.IOException;
import java.net.URI;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Secrets Manager the tests talk to, the first available of: the endpoint in
 * {@code FAHREN_TEST_AWS_ENDPOINT} (with {@code AWS_REGION} and the usual AWS credential
 * variables); LocalStack through Testcontainers when a Docker engine answers; the
 * {@link SecretsManagerStandIn}. For the last two, the access key is handed to the AWS SDK through
 * the {@code aws.accessKeyId}/{@code aws.secretAccessKey} system properties.
 *
 * @param settings region and endpoint for the provider
 * @param standIn the stand-in, when that is what runs, else null
 * @param closer stops what this target started and clears the properties
 */
record AwsTarget(AwsSettings settings, SecretsManagerStandIn standIn, AutoCloseable closer) implements AutoCloseable {

    static AwsTarget start() throws IOException {
        String endpoint = System.getenv("FAHREN_TEST_AWS_ENDPOINT");
        if (endpoint != null) {
            String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
            return new AwsTarget(new AwsSettings(region, URI.create(endpoint)), null, () -> { });
        }
        if (VaultTarget.dockerAnswers()) {
            LocalStackContainer localstack = new LocalStackContainer(DockerImageName.parse("localstack/localstack:3"))
                    .withServices(LocalStackContainer.Service.SECRETSMANAGER);
            localstack.start();
            useKeys(localstack.getAccessKey(), localstack.getSecretKey());
            return new AwsTarget(new AwsSettings(localstack.getRegion(), localstack.getEndpoint()), null, () -> {
                localstack.stop();
                clearKeys();
            });
        }
        useKeys("AKIDFAHRENTEST", "fahren-test-secret-key");
        SecretsManagerStandIn standIn = new SecretsManagerStandIn("AKIDFAHRENTEST");
        return new AwsTarget(new AwsSettings("us-east-1", standIn.endpoint()), standIn, () -> {
            standIn.close();
            clearKeys();
        });
    }

    private static void useKeys(String accessKey, String secretKey) {
        System.setProperty("aws.accessKeyId", accessKey);
        System.setProperty("aws.secretAccessKey", secretKey);
    }

    private static void clearKeys() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Override
    public void close() throws Exception {
        closer.close();
    }
}
