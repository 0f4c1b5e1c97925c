package io.fahren;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the parameter of a {@link RunAsTenant} method that holds the tenant id. The parameter
 * must be a {@code String} or a {@link TenantId}, and a method may have only one.
 *
 * <pre>{@code
 * @RunAsTenant
 * public List<Order> orders(@TenantParam String tenant) { ... }
 * }</pre>
 */
@Documented
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface TenantParam {
}
