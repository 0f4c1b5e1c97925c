package io.fahren.testing;

/**
 * Where a test server came from, in the order they are tried.
 *
 * <pre>{@code
 * assumeThat(postgres.server().source()).isNotEqualTo(ServerSource.EXTERNAL); // before restarting it
 * }</pre>
 */
public enum ServerSource {
    /** Given by {@code FAHREN_TEST_POSTGRES_URL} / {@code FAHREN_TEST_REDIS_URL}. */
    EXTERNAL,
    /** Started by Testcontainers, because a Docker engine answered. */
    TESTCONTAINERS,
    /** Started from the real server binaries shipped as Maven artifacts. */
    EMBEDDED
}
