package io.fahren.hibernate;

import io.fahren.testing.PostgresDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** {@code fahren.postgres.*} for schema isolation with a fresh tenants-side login, as the CDI tests need it. */
public final class SchemaStrategyConfig {

    private static final String PASSWORD = "app-password-for-tests";

    private SchemaStrategyConfig() {
    }

    /**
     * Creates the login role and returns the configuration.
     *
     * @param db the test database
     * @param login a new, unique login role name
     * @param prefix the schema prefix
     * @param registrySchema the registry schema
     * @return the keys and values
     */
    public static Map<String, String> withNewLogin(PostgresDatabase db, String login, String prefix, String registrySchema)
            throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + login + " LOGIN PASSWORD '" + PASSWORD + "'");
        }
        Map<String, String> config = new HashMap<>();
        config.put("fahren.postgres.isolation", "schema");
        config.put("fahren.postgres.url", db.jdbcUrl());
        config.put("fahren.postgres.username", db.user());
        config.put("fahren.postgres.password", db.password());
        config.put("fahren.postgres.tenants.username", login);
        config.put("fahren.postgres.tenants.password", PASSWORD);
        config.put("fahren.postgres.schema.prefix", prefix);
        config.put("fahren.postgres.registry-schema", registrySchema);
        return config;
    }
}
