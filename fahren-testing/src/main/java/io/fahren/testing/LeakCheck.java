package io.fahren.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The annotation front end of {@link LeakCheckKit}: marks a test method that runs the leak test made
 * of the test class's {@link Seed}, {@link Read}, and {@link Provision} / {@link Deprovision}
 * methods, and fails when a tenant saw another tenant's marker, or a read never saw its own.
 *
 * <pre>{@code
 * class OrdersLeakTest {
 *     @Inject TenantManagement management;       // or @Provision and @Deprovision methods
 *     @Inject OrderRepository orders;            // your code
 *
 *     @LeakCheck.Seed
 *     void place(String tenant, String marker) { orders.place(marker, 1); }
 *
 *     @LeakCheck.Read("list orders")
 *     List<String> list(String tenant) { return orders.all().stream().map(Order::getItem).toList(); }
 *
 *     @LeakCheck(tenants = 3, threads = 4)
 *     void noTenantSeesAnotherTenantsOrders() {
 *     }
 * }
 * }</pre>
 *
 * <p>The test method may be empty, or take the {@link LeakReport} to check more; the extension
 * asserts {@link LeakReport#assertNoLeaks()} after it either way. Each seed and read runs with its
 * tenant current in {@link io.fahren.Tenants} and is also given the tenant id. Tenants are created
 * by the {@link Provision} method, or else by a non-null {@link io.fahren.TenantManagement} field
 * of the test instance (an injected one, say), and deleted at the end.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Test
@ExtendWith(LeakCheckExtension.class)
public @interface LeakCheck {

    /** @return how many tenants (at least 2) */
    int tenants() default 3;

    /** @return threads reading at once */
    int threads() default 4;

    /** @return reads per thread */
    int readsPerThread() default 200;

    /** @return markers written per tenant */
    int markersPerTenant() default 3;

    /** @return the start of the tenant ids; it must make valid tenant ids */
    String idPrefix() default "leak-";

    /**
     * Writes one marker as a tenant: {@code void m(String tenant, String marker)}. Exactly one per
     * test class.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface Seed {
    }

    /**
     * Reads, lists or searches as a tenant: {@code Object m(String tenant)} or {@code Object m()};
     * what it returns is searched for markers as text. At least one per test class.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface Read {
        /** @return names the operation in the report; the method name when empty */
        String value() default "";
    }

    /**
     * Creates, as a tenant, a row other rows reference: {@code Object m(String tenant, String
     * marker)}, returning how the application refers to it (its id). Pairs with the {@link Child}
     * of the same name; see {@link io.fahren.testing.LeakCheckKit.Builder#related}.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface Parent {
        /** @return the relation's name, shared with its {@link Child} */
        String value();
    }

    /**
     * Creates, as a tenant, a row that references a parent: {@code void m(String tenant, String
     * marker, Object parent)}. Called once with the tenant's own parent, which must work, and once
     * with another tenant's, which must throw.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface Child {
        /** @return the relation's name, shared with its {@link Parent} */
        String value();
    }

    /** Creates a tenant: {@code void m(String tenant)}. At most one; needs a {@link Deprovision}. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface Provision {
    }

    /** Deletes a tenant: {@code void m(String tenant)}. At most one; needs a {@link Provision}. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface Deprovision {
    }
}
