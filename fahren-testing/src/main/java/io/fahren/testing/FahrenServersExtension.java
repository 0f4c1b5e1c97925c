package io.fahren.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.postgresql.core.Utils;
import redis.clients.jedis.Jedis;

/**
 * Creates each test class's database and key space before the class runs, hands them to
 * parameters, and drops the database after the class.
 */
final class FahrenServersExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FahrenServersExtension.class);
    private static final AtomicInteger CLASSES = new AtomicInteger();
    private static final int REDIS_DATABASES = 15;

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        if (AnnotationSupport.isAnnotated(testClass, WithPostgres.class)) {
            database(context);
        }
        if (AnnotationSupport.isAnnotated(testClass, WithRedis.class)) {
            keyspace(context);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == PostgresDatabase.class || type == RedisKeyspace.class
                || type == PostgresTestServer.class || type == RedisTestServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == PostgresDatabase.class) {
            return database(context);
        }
        if (type == RedisKeyspace.class) {
            return keyspace(context);
        }
        if (type == PostgresTestServer.class) {
            return TestServers.postgres();
        }
        if (type == RedisTestServer.class) {
            return TestServers.redis();
        }
        throw new ParameterResolutionException("Unsupported parameter " + parameter.getParameter());
    }

    private static PostgresDatabase database(ExtensionContext context) {
        ExtensionContext owner = classContext(context);
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(PostgresDatabase.class,
                key -> new DroppedAfterClass(createDatabase(owner.getRequiredTestClass())),
                DroppedAfterClass.class).database();
    }

    private static RedisKeyspace keyspace(ExtensionContext context) {
        ExtensionContext owner = classContext(context);
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(RedisKeyspace.class,
                key -> flushedKeyspace(), RedisKeyspace.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    private static PostgresDatabase createDatabase(Class<?> testClass) {
        PostgresTestServer server = TestServers.postgres();
        String simple = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
        String name = "fahren_" + CLASSES.incrementAndGet() + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000)) + "_"
                + simple.substring(0, Math.min(simple.length(), 40));
        execute(server, "CREATE DATABASE " + quoted(name));
        return new PostgresDatabase(server, name);
    }

    private static RedisKeyspace flushedKeyspace() {
        RedisTestServer server = TestServers.redis();
        RedisKeyspace keyspace = new RedisKeyspace(server, CLASSES.incrementAndGet() % REDIS_DATABASES + 1);
        try (Jedis jedis = keyspace.connect()) {
            jedis.flushDB();
        }
        return keyspace;
    }

    private static void execute(PostgresTestServer server, String sql) {
        try (Connection connection = server.connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Test database setup failed on " + server + ": " + e.getMessage(), e);
        }
    }

    private static String quoted(String identifier) {
        try {
            return Utils.escapeIdentifier(null, identifier).toString();
        } catch (SQLException e) {
            throw new IllegalArgumentException("Invalid identifier " + identifier, e);
        }
    }

    /** Both interfaces: JUnit 5.13+ closes AutoCloseable values once, older versions only know CloseableResource. */
    @SuppressWarnings("deprecation")
    private record DroppedAfterClass(PostgresDatabase database)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            execute(database.server(), "DROP DATABASE IF EXISTS " + quoted(database.name()) + " WITH (FORCE)");
        }
    }
}
