package io.fahren.postgres;

import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Qualifies the tenant-aware {@link javax.sql.DataSource} Fahren produces, so it never collides
 * with the application's own data sources. Its connections act as {@link io.fahren.Tenants#current()}.
 *
 * <pre>{@code
 * @Inject @TenantAware DataSource orders;
 *
 * Tenants.runAs("acme", () -> {
 *     try (Connection c = orders.getConnection()) { ... }   // acme's rows only
 * });
 * }</pre>
 */
@Qualifier
@Documented
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface TenantAware {
}
