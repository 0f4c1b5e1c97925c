package io.fahren.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

@WithPostgres
@WithRedis
class RealServersTest {

    @Test
    void postgresIsARealPostgreSql17Server(PostgresDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select version(), current_setting('server_version_num')::int, current_database()")) {
            rs.next();
            assertThat(rs.getString(1)).startsWith("PostgreSQL 17.");
            assertThat(rs.getInt(2)).isBetween(170000, 179999);
            assertThat(rs.getString(3)).isEqualTo(db.name());
        }
    }

    @Test
    void postgresChecksPasswords(PostgresDatabase db) {
        assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), db.user(), "wrong-password").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void redisIsARealRedis62Server(RedisKeyspace redis) {
        try (Jedis jedis = redis.connect()) {
            assertThat(jedis.info("server")).contains("redis_version:6.2");
            assertThat(jedis.aclWhoAmI()).isEqualTo(redis.server().adminUser() == null ? "default"
                    : redis.server().adminUser());
        }
        if (redis.server().source() == ServerSource.EMBEDDED) {
            // the embedded server's default user is off, as on a production server with ACL users
            try (Jedis anonymous = new Jedis(redis.server().host(), redis.server().port())) {
                assertThatThrownBy(anonymous::ping).hasMessageContaining("NOAUTH");
            }
        }
        assertThat(redis.database()).isBetween(1, 15);
    }

    @Test
    void oneServerOfEachKindPerJvm(PostgresDatabase db, RedisKeyspace redis) {
        assertThat(db.server()).isSameAs(TestServers.postgres());
        assertThat(redis.server()).isSameAs(TestServers.redis());
    }
}
