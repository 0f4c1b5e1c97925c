package io.fahren;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Provisions and removes tenants across every {@link io.fahren.spi.TenantResource}.
 *
 * <p>Inject it with {@code @Inject TenantManagement}. Resources run in ascending order of their
 * {@code @Priority} (ties broken by {@link io.fahren.spi.TenantResource#name()}); deletion runs
 * them in reverse order.
 *
 * <ul>
 *   <li><b>Create is all or nothing.</b> When resource <i>k</i> fails, resources <i>k-1 … 1</i>
 *       are deprovisioned in reverse order, the tenant is removed from the registry and a
 *       {@link TenantProvisioningException} names the resource and carries its exception.</li>
 *   <li><b>Create on an ACTIVE tenant</b> throws {@link TenantAlreadyExistsException} and changes
 *       nothing.</li>
 *   <li><b>Crash safety.</b> A tenant left PROVISIONING, DELETING or FAILED (by a crash or a failed
 *       rollback) is cleaned up by the next {@code createTenant} (which then provisions it afresh)
 *       or {@code deleteTenant} for the same id.</li>
 *   <li><b>Delete keeps going</b> past failing resources, then throws one
 *       {@link TenantDeletionException} listing all of them. Deleting an unknown tenant does
 *       nothing.</li>
 *   <li><b>Events.</b> {@link TenantCreated} and {@link TenantDeleted} fire after success.</li>
 *   <li>Calls for the same id are serialized through {@link io.fahren.spi.TenantRegistry#lock}.</li>
 *   <li><b>Suspend and resume</b> keep the tenant's data and credentials; while suspended (and while
 *       suspending or resuming) tenant-aware entry points refuse it with
 *       {@link TenantSuspendedException}. Both are idempotent and finish a crashed or failed
 *       predecessor.</li>
 *   <li><b>Credential rotation</b> happens while the tenant serves requests: the new secret is
 *       written first, then the server takes it, then pools move to it, then the old one goes.</li>
 * </ul>
 *
 * <pre>{@code
 * @Inject TenantManagement management;
 *
 * management.createTenant("acme");
 * management.find("acme").map(Tenant::state);   // Optional[ACTIVE]
 * management.deleteTenant("acme");
 * }</pre>
 */
public interface TenantManagement {

    /**
     * Provisions every resource for a new tenant and records it as ACTIVE.
     *
     * @param tenantId the raw tenant id
     * @return the ACTIVE tenant
     * @throws InvalidTenantIdException when the id is invalid; nothing is touched
     * @throws TenantAlreadyExistsException when the tenant is already ACTIVE
     * @throws TenantProvisioningException when a resource fails; see the class comment
     */
    Tenant createTenant(String tenantId);

    /**
     * Like {@link #createTenant(String)}, recording the tenant's attributes before any resource
     * runs, so resources and resolvers can read them.
     *
     * @param tenantId the raw tenant id
     * @param attributes its metadata, see {@link TenantAttributes}
     * @return the ACTIVE tenant
     * @throws IllegalArgumentException when an attribute breaks the rules, or is one of Fahren's own
     *         ({@link TenantAttributes#RESERVED_PREFIX}); nothing is touched
     * @throws TenantAlreadyExistsException when the tenant is already provisioned
     * @throws TenantProvisioningException when a resource fails
     */
    Tenant createTenant(String tenantId, Map<String, String> attributes);

    /**
     * Replaces a tenant's attributes. Fahren's own ({@link TenantAttributes#RESERVED_PREFIX}, such
     * as the server the tenant's data is on) are kept as they are, whether they are passed (with
     * the value they have) or left out.
     *
     * @param tenantId the raw tenant id
     * @param attributes the new attributes (an empty map removes all but Fahren's own)
     * @return the tenant as stored
     * @throws IllegalArgumentException when an attribute breaks the rules, or changes or adds one of
     *         Fahren's own; nothing changes
     * @throws UnknownTenantException when the tenant does not exist
     */
    Tenant updateAttributes(String tenantId, Map<String, String> attributes);

    /**
     * Suspends a tenant: refused by every tenant-aware entry point of this process at once (others
     * within a few seconds), its pools closed, its logins switched off and their sessions ended
     * where the strategy has logins of its own. Its data and credentials are kept.
     *
     * @param tenantId the raw tenant id
     * @return the SUSPENDED tenant; suspending it again does nothing
     * @throws UnknownTenantException when it does not exist
     * @throws TenantStateException when it is being created or deleted, or FAILED
     * @throws TenantOperationException when a resource failed; it stays refused, and calling again retries
     */
    Tenant suspendTenant(String tenantId);

    /**
     * Undoes {@link #suspendTenant}.
     *
     * @param tenantId the raw tenant id
     * @return the ACTIVE tenant; resuming an ACTIVE tenant does nothing
     * @throws UnknownTenantException when it does not exist
     * @throws TenantStateException when it is not suspended
     * @throws TenantOperationException when a resource failed; it stays refused, and calling again retries
     */
    Tenant resumeTenant(String tenantId);

    /**
     * Gives the tenant new credentials in every resource that has its own (a database or schema
     * login, a Redis ACL user), with no failed request while it runs.
     *
     * @param tenantId the raw tenant id
     * @return the tenant
     * @throws UnknownTenantException when it does not exist
     * @throws TenantOperationException when a resource failed; the tenant keeps working, and calling again
     *         finishes the rotation
     */
    Tenant rotateCredentials(String tenantId);

    /**
     * Rotates the credentials of every tenant a query selects (its cursor and page size only
     * steer how they are read), at most {@code parallelism} at a time, past failures.
     *
     * @param which the tenants, for example {@code TenantQuery.all().inStates(TenantState.ACTIVE)}
     * @param parallelism how many tenants rotate at once, 1 to 64
     * @param progress told after each tenant; may be a no-op
     * @return the outcome: every tenant, and the failures by tenant
     */
    BulkProgress rotateCredentials(TenantQuery which, int parallelism, Consumer<BulkProgress> progress);

    /**
     * Deprovisions every resource of a tenant, in reverse order, and forgets it.
     *
     * @param tenantId the raw tenant id
     * @throws InvalidTenantIdException when the id is invalid
     * @throws TenantDeletionException when one or more resources failed; all were tried
     */
    void deleteTenant(String tenantId);

    /**
     * @param tenantId the raw tenant id
     * @return the tenant in whatever state it is, or empty when unknown
     * @throws InvalidTenantIdException when the id is invalid
     */
    Optional<Tenant> find(String tenantId);

    /**
     * @return every recorded tenant, in any state, ordered by id
     */
    List<Tenant> list();

    /**
     * @param query the filters, cursor and page size
     * @return one page of tenants, ordered by id
     */
    TenantPage list(TenantQuery query);
}
