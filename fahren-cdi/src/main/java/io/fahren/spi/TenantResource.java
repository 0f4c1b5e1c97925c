package io.fahren.spi;

import io.fahren.TenantId;

/**
 * One piece of infrastructure a tenant owns: a Postgres schema or database, a Redis ACL user,
 * an S3 bucket, and so on.
 *
 * <p>Implement it as a CDI bean annotated {@code @jakarta.annotation.Priority}; the
 * {@link io.fahren.TenantManagement} provisions resources in ascending priority order and
 * deprovisions them in reverse. A resource bean without {@code @Priority}, or two resources with
 * the same {@link #name()}, is a deployment error.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #provision(TenantId)} either completes or throws after undoing its own partial
 *       work; the management rolls back the resources <em>before</em> it.</li>
 *   <li>{@link #deprovision(TenantId)} is idempotent: removing something that is not there, or
 *       only half there (after a crash), succeeds.</li>
 *   <li>Neither method may log or put in an exception message any secret.</li>
 *   <li>{@link #suspend}, {@link #resume} and {@link #rotateCredentials} are optional (they do
 *       nothing by default) and must be idempotent: a failed or crashed call is finished by the
 *       next one.</li>
 * </ul>
 *
 * <pre>{@code
 * @ApplicationScoped
 * @Priority(300)
 * public class BucketResource implements TenantResource {
 *     public String name() { return "s3"; }
 *     public void provision(TenantId id) { s3.createBucket("acme-" + id); }
 *     public void deprovision(TenantId id) { s3.deleteBucketIfExists("acme-" + id); }
 * }
 * }</pre>
 */
public interface TenantResource {

    /**
     * @return a short, unique name such as {@code postgres} or {@code redis}, used in messages,
     *         secret paths and the provisioning order
     */
    String name();

    /**
     * Creates everything this resource holds for the tenant.
     *
     * @param tenantId the tenant being created
     * @throws Exception when provisioning fails; partial work must be undone first
     */
    void provision(TenantId tenantId) throws Exception;

    /**
     * Removes everything this resource holds for the tenant. Must be idempotent.
     *
     * @param tenantId the tenant being deleted or rolled back
     * @throws Exception when something could not be removed
     */
    void deprovision(TenantId tenantId) throws Exception;

    /**
     * Makes the tenant's share of this resource unusable while keeping its data and credentials:
     * for example switches its login off and ends its sessions. Does nothing by default, for
     * resources that hold nothing the tenant can use on its own. Must be idempotent.
     *
     * @param tenantId the tenant being suspended
     * @throws Exception when it could not be suspended; the tenant stays refused and the next
     *         {@code suspendTenant} retries
     */
    default void suspend(TenantId tenantId) throws Exception {
        // nothing to switch off
    }

    /**
     * Undoes {@link #suspend}. Does nothing by default. Must be idempotent, and must succeed for
     * a tenant that was never suspended (a crashed suspend may have stopped before this resource).
     *
     * @param tenantId the tenant being resumed
     * @throws Exception when it could not be resumed; the tenant stays refused and the next
     *         {@code resumeTenant} retries
     */
    default void resume(TenantId tenantId) throws Exception {
        // nothing was switched off
    }

    /**
     * Replaces the tenant's credentials for this resource without a failed request: the new
     * secret is written first, then the server accepts it, then this process's pools move to it,
     * then the old one is dropped. A crash at any step must leave the tenant working, and the next
     * call must finish the rotation. Does nothing by default, for resources without credentials.
     *
     * @param tenantId the tenant whose credentials to rotate
     * @throws Exception when the rotation failed; the tenant keeps working on one of the two
     *         credentials, and the next call finishes it
     */
    default void rotateCredentials(TenantId tenantId) throws Exception {
        // no credentials of its own
    }
}
