package io.fahren.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Two nested test classes that each leave data behind; whichever runs second proves it started clean.
 */
class FreshPerClassTest {

    static void assertCleanThenLeaveData(PostgresDatabase db, RedisKeyspace redis) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select count(*) from pg_tables where schemaname = 'public'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("tables left by another class").isZero();
            }
            s.execute("create table leftover (id int)");
        }
        try (Jedis jedis = redis.connect()) {
            assertThat(jedis.dbSize()).as("keys left by another class").isZero();
            jedis.set("leftover", "x");
        }
    }

    @Nested
    @WithPostgres
    class First {
        @Test
        void startsClean(PostgresDatabase db, RedisKeyspace redis) throws SQLException {
            assertCleanThenLeaveData(db, redis);
        }
    }

    @Nested
    @WithPostgres
    @WithRedis
    class Second {
        @Test
        void startsClean(PostgresDatabase db, RedisKeyspace redis) throws SQLException {
            assertCleanThenLeaveData(db, redis);
        }
    }
}
