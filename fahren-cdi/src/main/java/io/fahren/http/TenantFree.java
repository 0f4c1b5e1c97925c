package io.fahren.http;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a JAX-RS resource class or method that needs no tenant, such as an admin endpoint: the
 * {@link TenantFilter} neither resolves nor requires a tenant for it, and no tenant is current
 * while it runs.
 *
 * <pre>{@code
 * @Path("admin/tenants")
 * @TenantFree
 * public class TenantAdmin { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface TenantFree {
}
