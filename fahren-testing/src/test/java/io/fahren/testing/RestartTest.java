package io.fahren.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

@WithPostgres
@WithRedis
class RestartTest {

    @Test
    void postgresRestartKeepsCommittedDataAndPort(PostgresDatabase db) throws SQLException {
        assumeTrue(db.server().source() != ServerSource.EXTERNAL, "external servers are never restarted");
        int port = db.server().port();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("create table survivor (v text)");
            s.execute("insert into survivor values ('kept')");
        }
        Connection open = db.connect();

        db.server().restart();

        assertThatThrownBy(() -> open.createStatement().executeQuery("select 1"))
                .as("connections opened before the restart are broken").isInstanceOf(SQLException.class);
        assertThat(db.server().port()).isEqualTo(port);
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select v from survivor")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("kept");
        }
    }

    @Test
    void stoppedPostgresRefusesConnectionsUntilStarted(PostgresDatabase db) throws SQLException {
        assumeTrue(db.server().source() != ServerSource.EXTERNAL, "external servers are never stopped");
        db.server().stop();
        try {
            assertThatThrownBy(() -> db.connect().close()).isInstanceOf(SQLException.class);
        } finally {
            db.server().start();
        }
        try (Connection c = db.connect()) {
            assertThat(c.isValid(2)).isTrue();
        }
    }

    @Test
    void redisRestartKeepsAcknowledgedWritesAndAclUsers(RedisKeyspace redis) {
        assumeTrue(redis.server().source() != ServerSource.EXTERNAL, "external servers are never restarted");
        try (Jedis jedis = redis.connect()) {
            jedis.set("survivor", "kept");
            jedis.aclSetUser("fahren-restart-probe", "on", ">probe-password-0123456789", "~probe:*", "+get");
            jedis.aclSave();
        }

        redis.server().restart();

        try (Jedis jedis = redis.connect()) {
            assertThat(jedis.get("survivor")).isEqualTo("kept");
            assertThat(jedis.aclUsers()).contains("fahren-restart-probe");
            jedis.aclDelUser("fahren-restart-probe");
            jedis.aclSave();
        }
    }
}
