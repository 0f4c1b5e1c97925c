package io.fahren.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.FahrenConfigurationException;
import io.fahren.TenantId;
import io.fahren.secrets.ConnectionSecret;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;

/**
 * ACL isolation with shared connections: every scenario of {@link AclIsolationTest} (and of the
 * isolation contract), plus what the shared pool itself promises.
 */
class SharedAclIsolationTest extends AclIsolationTest {

    @Override
    protected RedisOptions.Builder options() {
        return super.options().sharedConnections(true).poolSize(4);
    }

    /** Logged-out shared connections show as the (locked) default user; none may show as a tenant. */
    private long loggedInAsATenant() {
        return tenantConnections();
    }

    @Test
    void connectionsGoBackLoggedOutAfterCommandsPipelinesTransactionsAndBlockingCommands() {
        UnifiedJedis asA = client(a());
        asA.set("k", "a's");
        try (AbstractPipeline pipeline = asA.pipelined()) {
            pipeline.set("p", "1");
            Response<String> read = pipeline.get("k");
            pipeline.sync();
            assertThat(read.get()).isEqualTo("a's");
        }
        try (AbstractTransaction tx = asA.multi()) {
            tx.incr("counter");
            tx.incr("counter");
            assertThat(tx.exec()).containsExactly(1L, 2L);
        }
        asA.rpush("queue", "job");
        assertThat(asA.blpop(1, "queue")).containsExactly("tenant:" + a() + ":queue", "job");
        assertThat(loggedInAsATenant()).isZero();
        try (Jedis admin = keyspace.connect()) {
            assertThat(admin.get("tenant:" + a() + ":p")).isEqualTo("1");
            assertThat(admin.get("tenant:" + a() + ":counter")).isEqualTo("2");
        }
        UnifiedJedis asB = client(b());
        assertThat(asB.get("k")).isNull();
        assertThat(asB.get("p")).isNull();
    }

    @Test
    void aFailedLoginRunsNothingSaysWhyAndRecoversWhenTheSecretIsRestored() {
        UnifiedJedis asA = client(a());
        asA.set("k", "before");
        String user = "ft-" + run + "-" + a();
        String changed = "changed-behind-fahrens-back-0123456789abcdef";
        try (Jedis admin = keyspace.connect()) {
            admin.aclSetUser(user, "resetpass", ">" + changed);
        }
        ConnectionSecret stale = secrets.load(TenantId.of(a()), "redis");
        assertThatThrownBy(() -> asA.set("k", "after")).isInstanceOf(JedisAccessControlException.class)
                .hasMessageContaining("'" + user + "'").hasMessageContaining("WRONGPASS")
                .hasMessageNotContaining(stale.password()).hasMessageNotContaining(changed);
        try (Jedis admin = keyspace.connect()) {
            assertThat(admin.get("tenant:" + a() + ":k")).isEqualTo("before");
        }
        assertThat(loggedInAsATenant()).isZero();
        secrets.store(TenantId.of(a()), "redis", new ConnectionSecret(stale.url(), stale.username(), changed));
        assertThat(asA.set("k", "after")).isEqualTo("OK"); // the login is read again after a refusal
        assertThat(client(b()).get("k")).isNull();
    }

    @Test
    void serverConnectionsAreBoundedByThePoolWhateverTheNumberOfTenants() {
        try (Redis few = Redis.withAclIsolation(admin(), secrets, options().registryKey("fahren:tenants:s" + run)
                .poolSize(2).build())) {
            for (int i = 0; i < 30; i++) {
                few.forManagement().createTenant("s" + i + "-" + run);
            }
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 30; i++) {
                    try (UnifiedJedis client = few.forTenants().clientFor("s" + i + "-" + run)) {
                        client.incr("n");
                    }
                }
            }
            assertThat(few.forTenants().clientFor("s7-" + run).get("n")).isEqualTo("3");
            assertThat(few.sharedConnectionsOpen()).isBetween(1, 2);
            assertThat(loggedInAsATenant()).isZero();
            for (int i = 0; i < 30; i++) {
                few.forManagement().deleteTenant("s" + i + "-" + run);
            }
        }
    }

    /** Replaces the aclfile scenario: a server with an open default user is refused outright. */
    @Override
    @Test
    void withoutAnAclFileCreateTenantFailsUnlessPersistenceIsWaived() throws Exception {
        onPlainServer((server, port) -> {
            assertThatThrownBy(() -> Redis.withAclIsolation(server, secrets, options().requirePersistence(false).build()))
                    .isInstanceOf(FahrenConfigurationException.class)
                    .hasMessageContaining("'default' user without a password")
                    .hasMessageContaining("ACL SETUSER default off")
                    .hasMessageContaining("fahren.redis.acl.shared-connections=false");
            try (Jedis admin = new Jedis("127.0.0.1", port)) {
                assertThat(admin.aclUsers()).isEqualTo(List.of("default"));
            }
        });
    }
}
