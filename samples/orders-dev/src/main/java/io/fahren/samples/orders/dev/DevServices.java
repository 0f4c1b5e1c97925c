package io.fahren.samples.orders.dev;

import io.fahren.testing.PostgresTestServer;
import io.fahren.testing.RedisTestServer;
import io.fahren.testing.TestServers;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Development services: when no {@code fahren.postgres.url} (or {@code fahren.redis.url}, or
 * {@code fahren.secrets.provider}) is configured anywhere else, starts the embedded real
 * PostgreSQL 17 and Redis 6.2 that Fahren's tests use, and answers their connection keys. Any
 * other configuration source wins (ordinal 50), and {@code FAHREN_DEV_SERVICES=false} turns it off.
 * Not for production: the servers are throw-away and the secrets live in a local file.
 */
public class DevServices implements ConfigSource {

    private static final String NAME = "fahren-sample-dev-services";
    private static final Map<String, String> GROUP = Map.ofEntries(
            Map.entry("fahren.postgres.url", "fahren.postgres.url"),
            Map.entry("fahren.postgres.username", "fahren.postgres.url"),
            Map.entry("fahren.postgres.password", "fahren.postgres.url"),
            Map.entry("fahren.postgres.tenants.username", "fahren.postgres.url"),
            Map.entry("fahren.postgres.tenants.password", "fahren.postgres.url"),
            Map.entry("fahren.postgres.database.revoke-public-connect", "fahren.postgres.url"),
            Map.entry("fahren.redis.url", "fahren.redis.url"),
            Map.entry("fahren.redis.username", "fahren.redis.url"),
            Map.entry("fahren.redis.password", "fahren.redis.url"),
            Map.entry("fahren.secrets.provider", "fahren.secrets.provider"),
            Map.entry("fahren.secrets.file.path", "fahren.secrets.provider"));
    private static final String ADMIN_SECURITY = "fahren.admin.security";
    private static final ThreadLocal<Boolean> CHECKING = ThreadLocal.withInitial(() -> false);

    private Map<String, String> values;

    @Override
    public Set<String> getPropertyNames() {
        Set<String> names = new java.util.HashSet<>(GROUP.keySet());
        names.add(ADMIN_SECURITY);
        return names;
    }

    @Override
    public String getValue(String name) {
        if (ADMIN_SECURITY.equals(name)) {
            // the admin API without a login, on the development server only (bound to 127.0.0.1)
            return CHECKING.get() || disabled() || configuredElsewhere(ADMIN_SECURITY) ? null : "none";
        }
        if (!GROUP.containsKey(name) || CHECKING.get() || disabled() || configuredElsewhere(GROUP.get(name))) {
            return null;
        }
        return values().get(name);
    }

    private static boolean disabled() {
        String flag = System.getProperty("fahren.dev-services", System.getenv("FAHREN_DEV_SERVICES"));
        return "false".equalsIgnoreCase(flag);
    }

    /** @return whether another configuration source has the key (asked with this source silent) */
    private static boolean configuredElsewhere(String key) {
        CHECKING.set(true);
        try {
            ConfigValue value = ConfigProvider.getConfig().getConfigValue(key);
            return value.getValue() != null && !NAME.equals(value.getSourceName());
        } finally {
            CHECKING.set(false);
        }
    }

    private synchronized Map<String, String> values() {
        if (values == null) {
            Map<String, String> started = new HashMap<>();
            PostgresTestServer postgres = TestServers.postgres();
            String appPassword = randomPassword();
            createDatabaseAndLogin(postgres, "orders", "orders_app", appPassword);
            started.put("fahren.postgres.url", postgres.jdbcUrl("orders"));
            started.put("fahren.postgres.username", postgres.adminUser());
            started.put("fahren.postgres.password", postgres.adminPassword());
            // the tenants side must not be a superuser: an ordinary login, with a fresh password per run
            started.put("fahren.postgres.tenants.username", "orders_app");
            started.put("fahren.postgres.tenants.password", appPassword);
            // a server of its own: tenant logins (database per tenant) open only their own database
            started.put("fahren.postgres.database.revoke-public-connect", "true");
            RedisTestServer redis = TestServers.redis();
            started.put("fahren.redis.url", "redis://" + redis.host() + ":" + redis.port() + "/0");
            if (redis.adminUser() != null) {
                started.put("fahren.redis.username", redis.adminUser());
            }
            if (redis.adminPassword() != null) {
                started.put("fahren.redis.password", redis.adminPassword());
            }
            started.put("fahren.secrets.provider", "file");
            started.put("fahren.secrets.file.path",
                    Path.of(System.getProperty("java.io.tmpdir"), "fahren-orders-dev", "secrets.json").toString());
            values = started;
        }
        return values;
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Creates the database and an ordinary login once; later runs only give the login a new password. */
    private static void createDatabaseAndLogin(PostgresTestServer server, String database, String login, String password) {
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                s.execute(quoted(c, "CREATE DATABASE %I", database));
            }
            String role = exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", login)
                    ? "ALTER ROLE %I LOGIN PASSWORD %L" : "CREATE ROLE %I LOGIN PASSWORD %L";
            s.execute(quoted(c, role, login, password));
            s.execute(quoted(c, "GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I", database, login));
        } catch (SQLException e) {
            throw new IllegalStateException("Dev services could not prepare the database " + database, e);
        }
    }

    private static boolean exists(Connection c, String query, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(query)) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Lets PostgreSQL quote identifiers (%I) and literals (%L): the values go in as bind parameters. */
    private static String quoted(Connection c, String template, String... values) throws SQLException {
        StringBuilder call = new StringBuilder("SELECT format(?");
        for (int i = 0; i < values.length; i++) {
            call.append(", ?");
        }
        try (PreparedStatement p = c.prepareStatement(call.append(")").toString())) {
            p.setString(1, template);
            for (int i = 0; i < values.length; i++) {
                p.setString(i + 2, values[i]);
            }
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Override
    public int getOrdinal() {
        return 50;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
