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
}
