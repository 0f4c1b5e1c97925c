package io.fahren;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated method (or every business method of the annotated class) as a tenant.
 *
 * <p>The tenant is either the constant {@link #value()} or the method argument annotated
 * {@link TenantParam} (a {@code String} or a {@link TenantId}); exactly one of the two must be
 * given, which is checked at deployment. Before the method runs, the id is validated
 * ({@link InvalidTenantIdException}) and must be ACTIVE in the tenant registry
 * ({@link UnknownTenantException}). The previous tenant comes back when the method returns or
 * throws.
 *
 * <p>The interceptor has priority {@link #PRIORITY} ({@code PLATFORM_BEFORE + 100}), which is
 * earlier than the Jakarta Transactions interceptor ({@code PLATFORM_BEFORE + 200}), so the
 * tenant is set before a transaction or persistence context opens.
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class Billing {
 *     @RunAsTenant
 *     public Invoice invoice(@TenantParam String tenant, long orderId) { ... }
 *
 *     @RunAsTenant("internal-audit")
 *     public void audit() { ... }
 * }
 * }</pre>
 */
@InterceptorBinding
@Inherited
@Documented
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface RunAsTenant {

    /** The interceptor priority: before the transaction interceptor. */
    int PRIORITY = Interceptor.Priority.PLATFORM_BEFORE + 100;

    /**
     * @return a constant tenant id, or empty to take the {@link TenantParam} argument
     */
    @Nonbinding
    String value() default "";
}
