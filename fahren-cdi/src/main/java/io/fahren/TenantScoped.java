package io.fahren;

import jakarta.enterprise.context.NormalScope;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A CDI normal scope with one contextual instance per tenant.
 *
 * <p>Every thread acting as the same tenant shares the instance, so a {@code @TenantScoped} bean
 * must be thread-safe, like an {@code @ApplicationScoped} one. The scope is active whenever
 * {@link Tenants#current()} has a tenant; using a bean with no tenant throws
 * {@link jakarta.enterprise.context.ContextNotActiveException} with a hint on how to set one.
 * When a tenant is deleted through {@link TenantManagement}, and when the container shuts down,
 * the tenant's instances are destroyed: {@code @PreDestroy} methods and disposers run, as that
 * tenant.
 *
 * <pre>{@code
 * @TenantScoped
 * public class TenantSettings {
 *     private final Map<String, String> values = new ConcurrentHashMap<>();
 *     public String get(String key) { return values.get(key); }
 * }
 *
 * Tenants.runAs("acme", () -> settings.get("currency"));   // acme's instance
 * }</pre>
 */
@NormalScope
@Inherited
@Documented
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
public @interface TenantScoped {
}
