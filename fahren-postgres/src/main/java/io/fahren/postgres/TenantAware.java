package io.fahren.postgres;

import jakarta.enterprise.util.AnnotationLiteral;
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
 *
 * <p>For a programmatic lookup: {@code CDI.current().select(DataSource.class, TenantAware.Literal.INSTANCE)}.
 */
@Qualifier
@Documented
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface TenantAware {

    /** {@code @TenantAware}, for programmatic lookups. */
    final class Literal extends AnnotationLiteral<TenantAware> implements TenantAware {

        /** The literal. */
        public static final Literal INSTANCE = new Literal();

        private static final long serialVersionUID = 1L;

        private Literal() {
        }
    }
}
