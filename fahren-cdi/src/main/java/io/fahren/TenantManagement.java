package io.fahren;

import java.util.List;
import java.util.Optional;

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
}
