package io.fahren.it.war;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The orders sample's WAR as the build makes it (without the dev profile): slim, with no test
 * servers, no embedded binaries, the PostgreSQL driver inside (no server library), and an SLF4J
 * provider that hands the libraries' log lines to java.util.logging.
 */
class SampleWarIT {

    private static final Path WAR = Path.of("..", "samples", "orders", "target", "orders.war");

    @Test
    void theSampleWarHoldsNoTestServersAndStaysUnder30Megabytes() throws IOException {
        assertThat(WAR).as("built by the samples/orders module before this one").exists();
        long size = Files.size(WAR);
        System.out.printf("samples/orders WAR: %.1f MB%n", size / 1_000_000.0);
        assertThat(size).isLessThan(30_000_000L);
        try (ZipFile war = new ZipFile(WAR.toFile())) {
            List<String> libraries = war.stream().map(ZipEntry::getName).filter(n -> n.startsWith("WEB-INF/lib/"))
                    .map(n -> n.substring("WEB-INF/lib/".length())).toList();
            assertThat(libraries).anyMatch(jar -> jar.startsWith("fahren-cdi-"))
                    // the admin API replaced the sample's own admin endpoints
                    .anyMatch(jar -> jar.startsWith("fahren-admin-"))
                    // an SLF4J provider, so HikariCP's, Jedis's and Flyway's lines reach the server log
                    .anyMatch(jar -> jar.startsWith("slf4j-jdk14-"))
                    // the driver travels with the application: Liberty needs no global library
                    .anyMatch(jar -> jar.startsWith("postgresql-"))
                    .noneMatch(jar -> jar.startsWith("fahren-testing") || jar.startsWith("fahren-sample-orders-dev")
                            || jar.startsWith("embedded-"));
        }
    }
}
