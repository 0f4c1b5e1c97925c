package io.fahren.redis;

import io.fahren.FahrenException;
import io.fahren.Tenant;
import io.fahren.TenantId;
import io.fahren.TenantState;
import io.fahren.internal.FahrenScheduler;
import io.fahren.redis.RedisEngine.Admin;
import io.fahren.spi.TenantRegistry;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import redis.clients.jedis.params.SetParams;

/**
 * The tenant registry in Redis, for applications that use Redis without PostgreSQL: one hash
 * ({@code fahren:tenants} by default, outside the tenant key space) of {@code state created updated}
 * per tenant, and a lock key per tenant taken with {@code SET NX PX}.
 *
 * <p>A lock is a lease ({@link RedisOptions#registryLockLease()}, 30 seconds by default) that its
 * holder renews every third of the lease while the create or delete runs. A process that dies
 * holding it stops renewing, so the next call for that tenant waits at most one lease; a live
 * holder keeps it however long its step takes. Should a renewal find the lock gone (Redis lost it,
 * or the holder stalled for a whole lease), a warning is logged: another process may then run a
 * lifecycle step for the same tenant.
 */
public final class RedisTenantRegistry implements TenantRegistry {

    private static final Logger LOG = Logger.getLogger(RedisTenantRegistry.class.getName());
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('del', KEYS[1]) else return 0 end";
    private static final String RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then "
            + "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

    private final Admin admin;
    private final String key;
    private final Duration lease;
    private final Set<ScheduledFuture<?>> renewals = ConcurrentHashMap.newKeySet();

    /**
     * @param admin the management login
     * @param key the registry hash
     * @param lease how long a lock outlives a holder that stopped renewing it
     */
    RedisTenantRegistry(Admin admin, String key, Duration lease) {
        this.admin = admin;
        this.key = key;
        this.lease = lease;
    }

    @Override
    public Optional<Tenant> find(TenantId tenantId) {
        String value = admin.callForKey(key, "reading the tenant registry", jedis -> jedis.hget(key, tenantId.value()));
        return Optional.ofNullable(value).map(v -> parse(tenantId, v));
    }

    /** One {@code EXISTS} of the registry's key, as the registry's login. */
    @Override
    public void ping() {
        admin.callForKey(key, "checking the tenant registry", jedis -> jedis.exists(key));
    }

    @Override
    public List<Tenant> list() {
        Map<String, String> all = admin.callForKey(key, "reading the tenant registry", jedis -> jedis.hgetAll(key));
        List<Tenant> tenants = new ArrayList<>();
        all.forEach((id, value) -> tenants.add(parse(TenantId.of(id), value)));
        tenants.sort(Comparator.comparing(t -> t.id().value()));
        return tenants;
    }

    @Override
    public Tenant put(TenantId tenantId, TenantState state) {
        Instant now = Instant.now();
        Optional<Tenant> old = find(tenantId);
        Tenant tenant = new Tenant(tenantId, state, old.map(Tenant::createdAt).orElse(now), now,
                old.map(Tenant::attributes).orElse(Map.of()));
        admin.callForKey(key, "writing the tenant registry", jedis -> jedis.hset(key, tenantId.value(), format(tenant)));
        return tenant;
    }

    /** Called under the tenant's lifecycle lock, so the read and the write do not race another change. */
    @Override
    public Optional<Tenant> putAttributes(TenantId tenantId, Map<String, String> attributes) {
        return find(tenantId).map(old -> {
            Tenant tenant = new Tenant(tenantId, old.state(), old.createdAt(), Instant.now(), attributes);
            admin.callForKey(key, "writing the tenant registry", jedis -> jedis.hset(key, tenantId.value(), format(tenant)));
            return tenant;
        });
    }

    @Override
    public void remove(TenantId tenantId) {
        admin.callForKey(key, "writing the tenant registry", jedis -> jedis.hdel(key, tenantId.value()));
    }

    @Override
    public Lock lock(TenantId tenantId) {
        // in a cluster the lock shares the registry's slot (hash tag), so one node serves both
        String lockKey = (admin.connection().cluster() ? "{" + key + "}" : key) + ":lock:" + tenantId.value();
        String token = UUID.randomUUID().toString();
        String leaseMillis = Long.toString(lease.toMillis());
        SetParams params = SetParams.setParams().nx().px(lease.toMillis());
        long waitingSince = System.nanoTime();
        boolean told = false;
        while (!"OK".equals(admin.callForKey(lockKey, "locking tenant " + tenantId, jedis -> jedis.set(lockKey, token, params)))) {
            if (!told && System.nanoTime() - waitingSince > 1_000_000_000L) {
                told = true;
                LOG.info("Waiting for the lifecycle lock of tenant '" + tenantId + "': another process is creating or "
                        + "deleting it, or died doing so (then its lock expires within " + lease.toSeconds() + " s).");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FahrenException("Interrupted while waiting for the lifecycle lock of tenant '" + tenantId + "'", e);
            }
        }
        Duration period = Duration.ofMillis(Math.max(1, lease.toMillis() / 3));
        ScheduledFuture<?> renewal = FahrenScheduler.every("Renewing the lifecycle lock of tenant '" + tenantId + "'",
                period, () -> renew(tenantId, lockKey, token, leaseMillis));
        renewals.add(renewal);
        return () -> {
            renewal.cancel(false);
            renewals.remove(renewal);
            admin.callForKey(lockKey, "unlocking tenant " + tenantId, jedis -> jedis.eval(RELEASE, List.of(lockKey), List.of(token)));
        };
    }

    private void renew(TenantId tenantId, String lockKey, String token, String leaseMillis) {
        try {
            Object renewed = admin.callForKey(lockKey, "renewing the lock of tenant " + tenantId,
                    jedis -> jedis.eval(RENEW, List.of(lockKey), List.of(token, leaseMillis)));
            if (!Long.valueOf(1).equals(renewed)) {
                LOG.warning("The lifecycle lock of tenant '" + tenantId + "' was lost before its step ended (the lease "
                        + "ran out, or Redis lost the key); another process may now create or delete the same tenant.");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not renew the lifecycle lock of tenant '" + tenantId + "'; retrying", e);
        }
    }

    /** Stops renewing locks; called when the owning {@link Redis} closes. */
    void close() {
        renewals.forEach(renewal -> renewal.cancel(false));
        renewals.clear();
    }

    /**
     * @return {@code STATE created updated}, then (when it has attributes) a space and
     *         {@code key=value&...} with both sides URL-encoded, so no separator can occur inside one
     */
    static String format(Tenant tenant) {
        StringBuilder value = new StringBuilder(tenant.state().name()).append(' ')
                .append(tenant.createdAt().toEpochMilli()).append(' ').append(tenant.updatedAt().toEpochMilli());
        if (!tenant.attributes().isEmpty()) {
            value.append(' ').append(tenant.attributes().entrySet().stream()
                    .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&")));
        }
        return value.toString();
    }

    static Tenant parse(TenantId tenantId, String value) {
        String[] parts = value.split(" ", 4);
        Map<String, String> attributes = new LinkedHashMap<>();
        if (parts.length == 4) {
            for (String pair : parts[3].split("&")) {
                int eq = pair.indexOf('=');
                attributes.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return new Tenant(tenantId, TenantState.valueOf(parts[0]), Instant.ofEpochMilli(Long.parseLong(parts[1])),
                Instant.ofEpochMilli(Long.parseLong(parts[2])), attributes);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
