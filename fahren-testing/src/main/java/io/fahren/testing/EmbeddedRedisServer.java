package io.fahren.testing;

import io.fahren.testing.impl.Ports;
import io.fahren.testing.impl.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/**
 * A real Redis 6.2 server from {@code com.github.codemonstur:embedded-redis}, with an append-only
 * file ({@code appendfsync always}) and an ACL file so data and users survive a restart. Its
 * {@code default} user is off; {@link #adminUser()} is an admin user with a random password.
 */
final class EmbeddedRedisServer implements RedisTestServer {

    private final RedisServer server;
    private final Path base;
    private final int port;

    /** The admin user of the embedded server; the {@code default} user is off, as in production. */
    static final String ADMIN_USER = "fahren-admin";

    private final String adminPassword;

    private final String binary;

    private EmbeddedRedisServer(RedisServer server, Path base, int port, String adminPassword, String binary) {
        this.binary = binary;
        this.server = server;
        this.base = base;
        this.port = port;
        this.adminPassword = adminPassword;
    }

    /**
     * @return a started Redis 6.2 from the embedded-redis artifact; it stops and its files are
     *         deleted at JVM exit
     */
    public static EmbeddedRedisServer startNew() {
        return startNew(null);
    }

    /**
     * @param executable a {@code redis-server} binary to run instead of the artifact's Redis 6.2
     *        (Debian's Redis 7, for example), or null
     * @return a started server; it stops and its files are deleted at JVM exit
     */
    public static EmbeddedRedisServer startNew(Path executable) {
        try {
            Path base = Files.createTempDirectory("fahren-redis-");
            Path aclFile = base.resolve("users.acl");
            String adminPassword = writeAcl(aclFile);
            int port = Ports.free();
            RedisServerBuilder builder = RedisServer.newRedisServer();
            if (executable != null) {
                builder.executableProvider(executable::toFile);
            }
            RedisServer server = durable(builder, port, base, aclFile).setting("databases 16").build();
            EmbeddedRedisServer embedded = new EmbeddedRedisServer(server, base, port, adminPassword,
                    executable == null ? "Redis 6.2 from embedded-redis" : executable.toString());
            Runtime.getRuntime().addShutdownHook(new Thread(embedded::destroy, "fahren-redis-shutdown"));
            embedded.start();
            return embedded;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded Redis server", e);
        }
    }

    /**
     * Writes an ACL file with a locked {@code default} user, as a production server with ACL users
     * should have, and {@link #ADMIN_USER} with a random password (stored as its SHA-256 only).
     *
     * @param aclFile the file to write
     * @return the admin's password
     */
    static String writeAcl(Path aclFile) throws IOException {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String adminPassword = HexFormat.of().formatHex(random);
        writeAcl(aclFile, adminPassword);
        return adminPassword;
    }

    /**
     * @param aclFile the file to write
     * @param adminPassword the admin's password
     */
    static void writeAcl(Path aclFile, String adminPassword) throws IOException {
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(adminPassword.getBytes(StandardCharsets.UTF_8)));
            Files.writeString(aclFile, "user default off resetpass resetkeys resetchannels -@all\n"
                    + "user " + ADMIN_USER + " on #" + hash + " ~* &* +@all\n");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * @return the builder with the settings every test server has: loopback, its directory, an
     *         append-only file synced on every write, no snapshots, the ACL file
     */
    static RedisServerBuilder durable(RedisServerBuilder builder, int port, Path base, Path aclFile) {
        return builder.port(port).bind("127.0.0.1").setting("dir " + base).setting("appendonly yes")
                .setting("appendfsync always").setting("save \"\"").setting("aclfile " + aclFile);
    }

    @Override
    public String adminUser() {
        return ADMIN_USER;
    }

    @Override
    public String adminPassword() {
        return adminPassword;
    }

    @Override
    public synchronized void start() {
        if (server.isActive()) {
            return;
        }
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded Redis server on port " + port, e);
        }
    }

    @Override
    public synchronized void stop() {
        if (!server.isActive()) {
            return;
        }
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop the embedded Redis server on port " + port, e);
        }
    }

    private void destroy() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("fahren-testing: stopping Redis failed: " + e.getMessage());
        }
        Trees.deleteTree(base);
    }

    @Override
    public ServerSource source() {
        return ServerSource.EMBEDDED;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String toString() {
        return "embedded Redis on 127.0.0.1:" + port + " (" + binary + ", " + base + ")";
    }
}
