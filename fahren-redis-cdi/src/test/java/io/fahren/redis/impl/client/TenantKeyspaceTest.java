package io.fahren.redis.impl.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.fahren.TenantId;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.CommandKeyArgumentPreProcessor;

/** The key space's format: the ACL patterns, delete patterns and key names all come from it. */
class TenantKeyspaceTest {

    private final TenantKeyspace keyspace = new TenantKeyspace("tenant:");
    private final TenantId acme = TenantId.of("acme");

    @Test
    void namesKeysPatternsAndChannelsUnderTheTenantPrefix() {
        assertEquals("tenant:", keyspace.root());
        assertEquals("tenant:acme:", keyspace.prefix(acme));
        assertEquals("tenant:acme:*", keyspace.pattern(acme));
        assertEquals("tenant:acme:news", keyspace.channel(acme, "news"));
        assertArrayEquals("tenant:acme:news".getBytes(StandardCharsets.UTF_8),
                keyspace.channel(acme, "news".getBytes(StandardCharsets.UTF_8)));
        assertEquals("tenant:acme:visits", keyspace.preProcessor(acme).actualKey("visits"));
    }

    @Test
    void noTenantPrefixIsAPrefixOfAnother() {
        String acme2 = keyspace.prefix(TenantId.of("acme2"));
        assertFalse(acme2.startsWith(keyspace.prefix(acme)));
        assertFalse(keyspace.prefix(acme).startsWith(acme2));
    }

    @Test
    void buildsEachPreProcessorOnceUntilTheTenantIsForgotten() {
        CommandKeyArgumentPreProcessor first = keyspace.preProcessor(acme);
        assertSame(first, keyspace.preProcessor(acme));
        keyspace.forget(acme);
        assertNotSame(first, keyspace.preProcessor(acme));
    }
}
