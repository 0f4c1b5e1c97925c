package io.fahren.redis.impl;

import io.fahren.TenantId;
import redis.clients.jedis.Connection;

/** What differs between prefix and ACL isolation. */
public interface Strategy extends AutoCloseable {

    /** @return {@code prefix} or {@code acl} */
    String name();

    /** @return where the tenants' keys and channels live */
    TenantKeyspace keyspace();

    /**
     * Gives the tenant what it needs on the server; undoes its own partial work when it fails.
     *
     * @param tenantId the tenant
     */
    void provision(TenantId tenantId);

    /**
     * Removes the tenant's keys and login; tolerates a tenant that was only half provisioned.
     *
     * @param tenantId the tenant
     */
    void deprovision(TenantId tenantId);

    /**
     * Makes sure a connection source for the tenant can be opened, failing early with a clear error
     * (a missing secret, say).
     *
     * @param tenantId an ACTIVE tenant
     */
    void prepare(TenantId tenantId);

    /**
     * @param tenantId an ACTIVE tenant
     * @param single whether it serves one command, rather than a pipeline, transaction or
     *        subscription (shared ACL connections log in per command in the first case)
     * @return a connection acting for the tenant; closing it gives it back
     */
    Connection connection(TenantId tenantId, boolean single);

    /**
     * Closes whatever the strategy keeps open for the tenant (its pool).
     *
     * @param tenantId the tenant
     */
    void evict(TenantId tenantId);

    @Override
    void close();
}
