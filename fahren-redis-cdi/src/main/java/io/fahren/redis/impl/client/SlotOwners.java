package io.fahren.redis.impl.client;

import io.fahren.redis.RedisConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Which primary of a Redis Cluster serves each tenant's slot, as the tenants side sees it. Every
 * key of a tenant lies in one slot ({@link TenantKeyspace#slot}), so a tenant's commands, its
 * pipelines and its {@code MULTI} all go to one node; this map finds that node with {@code CLUSTER
 * SLOTS}, asked as the login at hand (the shared user, or the tenant's own user), and forgets it
 * when the slot moves or the node stops answering.
 *
 * <p>Thread-safe. Only the slots of tenants in use are kept.
 */
public final class SlotOwners {

    private final Map<Integer, HostAndPort> owners = new ConcurrentHashMap<>();
    /** Nodes to ask, the seed first: CLUSTER SLOTS replies add the rest, so a dead seed is survivable. */
    private final Set<HostAndPort> known = ConcurrentHashMap.newKeySet();
    private final HostAndPort seed;

    /** @param seed the configured node */
    public SlotOwners(HostAndPort seed) {
        this.seed = seed;
        known.add(seed);
    }

    /**
     * @param slot a tenant's slot
     * @param login who asks for the slot map when the owner is not known yet
     * @return the primary that serves the slot
     * @throws JedisConnectionException when no node answers, or none serves the slot (as during a
     *         failover): a tenant client retries it within its window
     */
    public HostAndPort primaryOf(int slot, RedisConnection login) {
        HostAndPort owner = owners.get(slot);
        return owner != null ? owner : lookUp(slot, login);
    }

    /**
     * The slot answered {@code MOVED}: it is served by another primary now.
     *
     * @param slot the slot
     * @param to the primary named in the reply
     */
    public void moved(int slot, HostAndPort to) {
        owners.put(slot, to);
        known.add(to);
    }

    /** @param slot a slot whose primary stopped answering: look it up again next time */
    public void lost(int slot) {
        owners.remove(slot);
    }

    private HostAndPort lookUp(int slot, RedisConnection login) {
        List<HostAndPort> ask = new ArrayList<>();
        ask.add(seed);
        known.stream().filter(node -> !node.equals(seed)).forEach(ask::add);
        JedisException last = null;
        for (HostAndPort node : ask) {
            try (Jedis jedis = new Jedis(node, login.at(node).clientConfig())) {
                HostAndPort owner = read(jedis.clusterSlots(), slot);
                if (owner != null) {
                    owners.put(slot, owner);
                    return owner;
                }
            } catch (JedisException e) {
                last = e;
            }
        }
        throw new JedisConnectionException("No node of the Redis Cluster of " + login + " named the primary of slot " + slot
                + (last == null ? " (the slot is not assigned: wait for the failover to end, or assign it)"
                        : ": " + last.getMessage()), last);
    }

    /** Reads {@code CLUSTER SLOTS}: {@code [start, end, [host, port, id], replicas...]} per range. */
    private HostAndPort read(List<Object> ranges, int slot) {
        HostAndPort owner = null;
        for (Object range : ranges) {
            List<?> fields = (List<?>) range;
            for (int i = 2; i < fields.size(); i++) {
                known.add(node((List<?>) fields.get(i)));
            }
            if ((Long) fields.get(0) <= slot && slot <= (Long) fields.get(1)) {
                owner = node((List<?>) fields.get(2));
            }
        }
        return owner;
    }

    private static HostAndPort node(List<?> node) {
        return new HostAndPort(new String((byte[]) node.get(0), StandardCharsets.UTF_8), ((Long) node.get(1)).intValue());
    }

    @Override
    public String toString() {
        return "SlotOwners" + owners;
    }
}
