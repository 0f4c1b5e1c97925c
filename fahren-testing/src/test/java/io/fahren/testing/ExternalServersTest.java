package io.fahren.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.testing.PostgresTestServer;
import io.fahren.testing.RedisTestServer;
import io.fahren.testing.ServerSource;
import org.junit.jupiter.api.Test;

class ExternalServersTest {

    @Test
    void readsLibpqStyleUrls() {
        PostgresTestServer pg = ExternalServers.postgres("postgresql://admin:p%40ss@db.example:6543/postgres");
        assertThat(pg.source()).isEqualTo(ServerSource.EXTERNAL);
        assertThat(pg.host()).isEqualTo("db.example");
        assertThat(pg.port()).isEqualTo(6543);
        assertThat(pg.adminUser()).isEqualTo("admin");
        assertThat(pg.adminPassword()).isEqualTo("p@ss");
        assertThat(pg.jdbcUrl("x")).isEqualTo("jdbc:postgresql://db.example:6543/x");
    }

    @Test
    void readsJdbcUrlsWithCredentialsInTheQuery() {
        PostgresTestServer pg = ExternalServers.postgres("jdbc:postgresql://localhost/postgres?user=me&password=pw");
        assertThat(pg.port()).isEqualTo(5432);
        assertThat(pg.adminUser()).isEqualTo("me");
        assertThat(pg.adminPassword()).isEqualTo("pw");
    }

    @Test
    void passwordsNeverAppearInToString() {
        assertThat(ExternalServers.postgres("postgresql://admin:hunter2@h:1/db").toString()).doesNotContain("hunter2");
        assertThat(ExternalServers.redis("redis://u:hunter2@h:2").toString()).doesNotContain("hunter2");
    }

    @Test
    void externalServersAreNeverRestarted() {
        RedisTestServer redis = ExternalServers.redis("redis://localhost:6380");
        assertThat(redis.adminUser()).isNull();
        assertThatThrownBy(redis::restart)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("FAHREN_TEST_REDIS_URL");
    }

    @Test
    void badUrlsSayWhatIsExpected() {
        assertThatThrownBy(() -> ExternalServers.postgres("not a url"))
                .hasMessageContaining("FAHREN_TEST_POSTGRES_URL")
                .hasMessageContaining("postgresql://");
        assertThatThrownBy(() -> ExternalServers.postgres("postgresql://localhost/db"))
                .hasMessageContaining("names no user");
    }
}
