package io.fahren.postgres.impl.pool;

import com.zaxxer.hikari.HikariConfig;
import io.fahren.postgres.BindingMode;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.fahren.FahrenException;
import io.fahren.postgres.PostgresConnection;

/** Opens the HikariCP pools Fahren owns. */
public final class Pools {

    private Pools() {
    }

    /**
     * @param connection where and as whom
     * @param size the maximum pool size
     * @param name the pool's name
     * @param mode the strategy's binding mode: with {@link BindingMode#TRANSACTION}, chosen for
     *        PgBouncer's transaction pooling, pgjdbc never names server-side prepared statements
     *        ({@code prepareThreshold=0}), since a named statement lives on one server session and
     *        the next transaction may run on another ("prepared statement S_1 already exists"). A
     *        {@code prepareThreshold} in the URL still wins.
     * @return an open pool that has made its first connection
     * @throws FahrenException naming the URL, the user and the keys to check when it cannot connect
     */
    public static HikariDataSource open(PostgresConnection connection, int size, String name, BindingMode mode) {
        HikariConfig config = new HikariConfig();
        if (mode == BindingMode.TRANSACTION) {
            config.addDataSourceProperty("prepareThreshold", "0");
        }
        config.setJdbcUrl(connection.url());
        // the driver itself rather than DriverManager's registry: DriverManager only offers drivers
        // registered where the caller's class loader sees them, which an application server's
        // shared libraries and per-application class loaders do not always arrange
        config.setDriverClassName(org.postgresql.Driver.class.getName());
        config.setUsername(connection.username());
        config.setPassword(connection.password());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(1, size));
        config.setPoolName(name);
        config.setInitializationFailTimeout(2_000);
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new FahrenException("Cannot connect to PostgreSQL at " + connection.url() + " as "
                    + connection.username() + ": " + cause.getMessage() + ". Check fahren.postgres.url, .username and "
                    + ".password, and that the server is running.", e);
        }
    }
}
