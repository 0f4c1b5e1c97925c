package io.fahren.redis.impl.rules;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The ACL rules Fahren gives its users. Each rule is its own protocol argument, so nothing is
 * parsed out of a pasted string; the key and channel patterns are built from validated names only.
 */
public final class AclRules {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * In a cluster, every CLUSTER subcommand is refused except the slot map a client reads to find
     * the node of its slot ({@code CLUSTER SLOTS}); it names nodes and slot ranges, no key. Without
     * {@code -cluster} a user allowed {@code @dangerous} commands could run {@code CLUSTER RESET}
     * or {@code CLUSTER FORGET}.
     */
    private static final List<String> CLUSTER_CLIENT = List.of("-cluster", "+cluster|slots");

    private AclRules() {
    }

    /** @return 64 hex characters (256 bits) from {@link SecureRandom} */
    public static String newPassword() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * @param password the password; checked: at least 32 characters, no white space or control characters
     * @return the password
     * @throws IllegalArgumentException when it is too weak or malformed (the message never shows it)
     */
    public static String checkPassword(String password) {
        if (password == null || password.length() < 32 || password.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            throw new IllegalArgumentException("A Redis tenant password must be at least 32 characters, without white "
                    + "space or control characters");
        }
        return password;
    }

    /**
     * @param password the user's only password (earlier ones are reset)
     * @param space the key and channel space, such as {@code tenant:acme:} or {@code tenant:}
     * @param allowDangerous whether {@code @dangerous} commands stay allowed
     * @param sharedUser whether every tenant's connections log in as this user (prefix isolation):
     *        then Lua scripts and functions (they can reach undeclared keys) and {@code SORT} are
     *        denied, and so is {@code RESET}, which would hand the pooled connection to the next
     *        tenant logged in as the {@code default} user and in database 0
     * @param server the server the user is for: its logical database and version
     * @return the rules for {@code ACL SETUSER}
     */
    public static String[] rules(String password, String space, boolean allowDangerous, boolean sharedUser,
            ServerFacts server) {
        List<String> rules = new ArrayList<>(List.of("reset", "resetchannels", "on", ">" + password, "~" + space + "*", "&" + space + "*",
                "+@all"));
        if (!allowDangerous) {
            rules.add("-@dangerous");
        }
        // listing commands would reveal other tenants' key or channel names, or their number
        rules.addAll(List.of("-keys", "-scan", "-randomkey", "-pubsub", "-dbsize"));
        // the logical database is not part of a key pattern: a tenant that could SELECT, MOVE or
        // COPY ... DB would write where no delete looks, and leave a pooled connection in another
        // database; only the configured one may be selected (clients send SELECT when connecting)
        rules.addAll(List.of("-select", "+select|" + server.database(), "-move", "-copy"));
        // server-wide state: MEMORY STATS/DOCTOR count every tenant's keys; SCRIPT FLUSH/KILL and
        // SCRIPT EXISTS act on or reveal the one script cache all tenants share
        rules.addAll(List.of("-memory", "+memory|usage", "-script", "+script|load"));
        if (server.majorVersion() >= 7) {
            // Redis 7 functions are server-wide: FUNCTION LIST WITHCODE reads another tenant's library
            // and FUNCTION LOAD REPLACE changes it. FCALL stays, for libraries the administrator loads.
            // CLIENT TRACKING ... BCAST delivers invalidations of every key on the server.
            rules.addAll(List.of("-function", "-client|tracking"));
        }
        if (sharedUser) {
            rules.addAll(List.of("-@scripting", "-sort", "-reset"));
        }
        if (server.cluster()) {
            rules.addAll(CLUSTER_CLIENT);
        }
        return rules.toArray(String[]::new);
    }

    /**
     * @param password the reader's only password
     * @param registryKey the hash holding the tenant registry
     * @param server the server: the logical database the reader may select, and whether it is a
     *        cluster node (the reader may then read the slot map)
     * @return the rules of the registry reader: it may read the registry hash one field at a time
     *         ({@code HGET}), and nothing else
     */
    public static String[] registryReader(String password, String registryKey, ServerFacts server) {
        List<String> rules = new ArrayList<>(List.of("reset", "resetchannels", "on", ">" + password, "~" + registryKey,
                "-@all", "+hget", "+ping", "+select|" + server.database()));
        if (server.cluster()) {
            rules.add("+cluster|slots");
        }
        return rules.toArray(String[]::new);
    }

    /**
     * What the rules depend on, besides the tenant.
     *
     * @param database the logical database tenants use
     * @param majorVersion the server's major version (6 or 7 and later)
     * @param cluster whether the server is a node of a Redis Cluster
     */
    public record ServerFacts(int database, int majorVersion, boolean cluster) {
    }
}
