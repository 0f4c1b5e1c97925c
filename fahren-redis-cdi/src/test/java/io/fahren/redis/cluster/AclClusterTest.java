package io.fahren.redis.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.FahrenConfigurationException;
import io.fahren.TenantId;
import io.fahren.redis.Redis;
import io.fahren.redis.RedisConnection;
import io.fahren.redis.RedisOptions;
import io.fahren.redis.RedisTenants;
import io.fahren.secrets.ConnectionSecret;
import io.fahren.secrets.FileSecretsProvider;
import io.fahren.secrets.TenantSecrets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/** ACL isolation on a real 3-primary Redis Cluster: a user per tenant on every node. */
class AclClusterTest extends RedisClusterContract {

    @TempDir
    Path dir;

    private TenantSecrets secrets;

    @Override
    protected boolean patternSubscriptions() {
        return true;
    }

    @Override
    protected Redis open(RedisConnection admin, RedisOptions.Builder options) {
        secrets = new TenantSecrets(new FileSecretsProvider(dir.resolve("secrets.json")), TenantSecrets.DEFAULT_PATTERN);
        return Redis.withAclIsolation(admin, secrets, options.build());
    }

    private String user(String tenant) {
        return "fc-" + run + "-" + tenant;
    }

    private ConnectionSecret login(String tenant) {
        return secrets.load(TenantId.of(tenant), "redis");
    }

    /** @return the tenant's user on the node, or null */
    private static String rulesOn(HostAndPort node, String user) {
        try (Jedis jedis = cluster.connect(node)) {
            return jedis.aclList().stream().filter(r -> r.startsWith("user " + user + " ")).findFirst().orElse(null);
        }
    }

    private static Jedis as(HostAndPort node, ConnectionSecret login) {
        return new Jedis(node, DefaultJedisClientConfig.builder().user(login.username()).password(login.password()).build());
    }

    @Test
    void eachTenantsUserIsOnEveryPrimaryAndReplicaAndSavedThere() {
        for (HostAndPort node : allNodes()) {
            String rules = rulesOn(node, user(a()));
            assertThat(rules).as("user of " + a() + " on " + node).isNotNull().contains("~tenant:{" + a() + "}:*")
                    .contains("-@dangerous").contains("+cluster|slots");
            try (Jedis jedis = cluster.connect(node)) {
                jedis.aclLoad(); // from the node's own aclfile: the user was saved there
            } catch (JedisException droppedByReload) {
                // Redis 6.2 drops the connections of reloaded users before it answers
            }
            assertThat(rulesOn(node, user(a()))).as("after ACL LOAD on " + node).isNotNull();
        }
    }

    /** Logged in as tenant B's own user, straight to the node of A's slot: the server refuses A's keys. */
    @Test
    void tenantBsOwnUserIsRefusedTenantAsKeysOnTheirNode() {
        client(a()).set("secret", "a-only");
        HostAndPort aPrimary = cluster.primaryOf(slotOf(a()));
        try (Jedis asB = as(aPrimary, login(b()))) {
            assertThatThrownBy(() -> asB.get("tenant:{" + a() + "}:secret")).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> asB.set("tenant:{" + a() + "}:secret", "x")).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> asB.del("tenant:{" + a() + "}:secret")).hasMessageContaining("NOPERM");
        }
        assertThat(client(a()).get("secret")).isEqualTo("a-only");
    }

    /** Scripts with declared keys run on the tenant's slot; a key outside its space is refused. */
    @Test
    void scriptsRunOnTheTenantsSlotAndStayInItsKeySpace() {
        UnifiedJedis asA = client(a());
        Object result = asA.eval("redis.call('set', KEYS[1], ARGV[1]); return redis.call('get', KEYS[2])",
                List.of("s1", "s2"), List.of("v"));
        assertThat(result).isNull();
        assertThat(asA.get("s1")).isEqualTo("v");
        // Redis 6.2 and 7 word the refusal differently
        assertThatThrownBy(() -> asA.eval("return redis.call('get', 'tenant:{" + b() + "}:x')", 0))
                .hasMessageMatching("(?s).*(can't access at least one of the keys|No permissions to access a key).*");
    }

    @Test
    void suspendRotateAndDeleteReachEveryNode() {
        String user = user(a());
        management.suspendTenant(a());
        for (HostAndPort node : allNodes()) {
            assertThat(rulesOn(node, user)).as("suspended on " + node).contains(" off ");
        }
        management.resumeTenant(a());
        for (HostAndPort node : allNodes()) {
            assertThat(rulesOn(node, user)).as("resumed on " + node).contains(" on ");
        }

        ConnectionSecret before = login(a());
        management.rotateCredentials(a());
        ConnectionSecret after = login(a());
        assertThat(after.password()).isNotEqualTo(before.password());
        for (HostAndPort node : allNodes()) {
            try (Jedis jedis = as(node, after)) {
                assertThat(jedis.ping()).as("the new password on " + node).isEqualTo("PONG");
            }
            assertThatThrownBy(() -> as(node, before).ping()).as("the old password on " + node)
                    .isInstanceOf(JedisException.class);
        }
        assertThat(client(a()).set("after-rotation", "ok")).isEqualTo("OK");

        management.deleteTenant(a());
        for (HostAndPort node : allNodes()) {
            assertThat(rulesOn(node, user)).as("deleted on " + node).isNull();
        }
    }

    /**
     * With {@code @dangerous} commands allowed (the seed project's behaviour), CLUSTER stays denied
     * but for the slot map: a tenant cannot reset, forget or re-slot a node.
     */
    @Test
    void evenWithDangerousCommandsAllowedATenantCannotChangeTheCluster() {
        try (Redis dangerous = open(admin(), options().aclUserPrefix("fc-" + run + "-d-").allowDangerousCommands(true)
                .registryKey("fahren:dangerous:" + run))) {
            dangerous.forManagement().createTenant("dg-" + run);
            for (HostAndPort node : allNodes()) {
                assertThat(rulesOn(node, "fc-" + run + "-d-dg-" + run)).as(node.toString()).contains("-cluster")
                        .contains("+cluster|slots").doesNotContain("-@dangerous");
            }
            try (UnifiedJedis client = dangerous.forTenants().clientFor("dg-" + run)) {
                assertThat(client.sendCommand(Protocol.Command.CLUSTER, "SLOTS")).isNotNull();
                for (String[] change : List.of(new String[] {"RESET"}, new String[] {"FORGET", "0123456789"},
                        new String[] {"ADDSLOTS", "1"}, new String[] {"FAILOVER"}, new String[] {"MEET", "127.0.0.1", "1"})) {
                    assertThatThrownBy(() -> client.sendCommand(Protocol.Command.CLUSTER, change))
                            .as("CLUSTER " + change[0]).hasMessageContaining("NOPERM");
                }
            }
            dangerous.forManagement().deleteTenant("dg-" + run);
        }
    }

    /**
     * ACL users are per node: a node that joins later has none of the tenants' users until
     * {@code reconcileCluster()} copies them from the seed (same rules, same password hash), which
     * also deletes a Fahren user the seed does not have (left on a node that missed a delete) and
     * leaves users of other names alone.
     */
    @Test
    void aNodeThatJoinsLaterGetsEveryTenantsUserFromReconcile() {
        HostAndPort joined = cluster.addReplica(cluster.nodes().get(1));
        assertThat(rulesOn(joined, user(a()))).as("a joined node knows no tenant user yet").isNull();
        HostAndPort other = cluster.replicas().get(0);
        String password = "a-password-of-thirty-two-characters-or-more";
        try (Jedis jedis = cluster.connect(other)) {
            jedis.aclSetUser(user("ghost"), "on", ">" + password, "~tenant:{ghost}:*", "+@all");
            jedis.aclSetUser("app-" + run, "on", ">" + password, "~app:*", "+get");
        }

        assertThat(redis.reconcileCluster()).as("users created or deleted").isGreaterThanOrEqualTo(spread.size() + 1);

        String seedRules = rulesOn(cluster.nodes().get(0), user(a()));
        for (String tenant : spread) {
            assertThat(Set.of(rulesOn(joined, user(tenant)).split(" ")))
                    .isEqualTo(Set.of(rulesOn(cluster.nodes().get(0), user(tenant)).split(" ")));
        }
        assertThat(seedRules).contains("~tenant:{" + a() + "}:*");
        try (Jedis asA = as(joined, login(a()))) {
            assertThat(asA.ping()).as("the tenant's own password on the joined node").isEqualTo("PONG");
        }
        assertThat(rulesOn(other, user("ghost"))).as("a Fahren user the seed lacks").isNull();
        assertThat(rulesOn(other, "app-" + run)).as("a user that is not Fahren's").isNotNull();
        assertThat(redis.reconcileCluster()).as("a second run has nothing to do").isZero();
        try (Jedis jedis = cluster.connect(other)) {
            jedis.aclDelUser("app-" + run);
        }
    }

    /**
     * A tenants-only service on the cluster: no management login; each tenant's client logs in
     * with its own user from the secrets store, finds its slot's primary with that login, and
     * tenants are looked up as the registry reader on the registry's slot.
     */
    @Test
    void aTenantsOnlyServiceServesEachTenantWithItsOwnUser() {
        String reader = "reader-password-for-the-acl-cluster-test-0123456789";
        try (Redis withReader = open(admin(), options().registryReader("fc-" + run + "-reader", reader))) {
            withReader.forManagement().createTenant("ro-" + run);
            RedisConnection anyNode = RedisConnection.of("redis://" + cluster.nodes().get(1) + "/0").inCluster();
            try (RedisTenants only = Redis.tenantsOnlyWithAcl(anyNode, secrets,
                    options().registryReader("fc-" + run + "-reader", reader).build(), null);
                    UnifiedJedis client = only.clientFor("ro-" + run)) {
                client.set("from", "tenants-only");
                assertThat(client.get("from")).isEqualTo("tenants-only");
                assertThat(client(a()).get("from")).as("another tenant's key space").isNull();
                assertThatThrownBy(() -> only.clientFor("nobody-" + run)).hasMessageContaining("nobody-" + run);
            }
            withReader.forManagement().deleteTenant("ro-" + run);
        }
    }

    @Test
    void sharedConnectionsAreRefusedOnACluster() {
        assertThatThrownBy(() -> open(admin(), options().sharedConnections(true)))
                .isInstanceOf(FahrenConfigurationException.class).hasMessageContaining("not supported on a Redis Cluster");
    }
}
