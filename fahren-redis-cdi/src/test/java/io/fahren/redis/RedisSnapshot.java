package io.fahren.redis;

import io.fahren.testing.RedisKeyspace;
import java.util.Set;
import java.util.TreeSet;
import redis.clients.jedis.Jedis;

/** What a test compares before and after: ACL users, the keys of its database and the registry's tenant ids. */
final class RedisSnapshot {

    private RedisSnapshot() {
    }

    /**
     * @param registryKey the registry hash, listed by tenant id instead of as one key
     * @return {@code user u}, {@code key k} and {@code registry id} entries
     */
    static Set<String> of(RedisKeyspace keyspace, String registryKey) {
        Set<String> all = new TreeSet<>();
        try (Jedis admin = keyspace.connect()) {
            admin.aclUsers().forEach(u -> all.add("user " + u));
            admin.keys("*").stream().filter(k -> !k.equals(registryKey)).forEach(k -> all.add("key " + k));
            admin.hkeys(registryKey).forEach(t -> all.add("registry " + t));
        }
        return all;
    }

    /** @return what one has and the other lacks, both ways */
    static Set<String> difference(Set<String> before, Set<String> after) {
        Set<String> both = new TreeSet<>(after);
        both.removeAll(before);
        Set<String> lost = new TreeSet<>(before);
        lost.removeAll(after);
        both.addAll(lost);
        return both;
    }
}
