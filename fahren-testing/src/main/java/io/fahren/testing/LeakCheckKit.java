package io.fahren.testing;

import io.fahren.TenantManagement;
import io.fahren.Tenants;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A leak test for an application's own code: it provisions a few tenants, seeds each one with
 * unique marker strings through the application's own write operation, then runs the
 * application's read, list and search operations as every tenant, from several threads at once
 * and interleaved, and reports every time a tenant's operation returned another tenant's marker.
 *
 * <pre>{@code
 * LeakReport report = LeakCheckKit.builder()
 *         .management(tenantManagement)                       // or provision(...)/deprovision(...)
 *         .seed((tenant, marker) -> orders.create(new Order(marker)))
 *         .read("list orders", tenant -> orders.list().stream().map(Order::note).toList())
 *         .read("search", tenant -> orders.search("fahren-leak"))
 *         .read("cached count", tenant -> redis.get("last-note"))
 *         .run();
 * report.assertNoLeaks();
 * }</pre>
 *
 * <ul>
 *   <li>Each operation runs inside {@link Tenants#runAs(String, Runnable)} for its tenant and is
 *       also given the tenant id, so operations that go through HTTP can send it in a header.</li>
 *   <li>What a read returns is turned into text with {@link String#valueOf(Object)} and searched
 *       for markers; return the fields that hold the seeded text (a list of notes, a JSON body).</li>
 *   <li>A read that never returns its own tenant's markers would make the test pass without
 *       checking anything: the report fails for it too.</li>
 *   <li>Run it against the smallest pools the application allows (for Fahren, a tenants pool of
 *       1 or 2, {@code fahren.postgres.pool.size=1}), so that connections are reused across
 *       tenants as often as possible.</li>
 *   <li>The tenants are deleted at the end, also when the run fails.</li>
 * </ul>
 *
 * <p>Related rows: {@link Builder#related(String, Parent, Child)} seeds, for each tenant, a row
 * that others reference (a customer) and one that references it (an order of that customer), both
 * through the application's code, and then has each tenant try to create a referencing row that
 * points at another tenant's parent. That attempt must fail; when it succeeds, the report lists a
 * cross-tenant reference (with row-level security, a foreign key without the tenant column lets it
 * succeed).
 *
 * <pre>{@code
 * LeakCheckKit.builder()
 *         .management(tenantManagement)
 *         .seed((tenant, marker) -> customers.create(marker))
 *         .related("orders of a customer",
 *                 (tenant, marker) -> customers.create(marker).getId(),
 *                 (tenant, marker, customerId) -> orders.place((Long) customerId, marker))
 *         .read("orders", tenant -> orders.all())
 *         .run()
 *         .assertNoLeaks();
 * }</pre>
 */
public final class LeakCheckKit {

    /** Writes one marker as a tenant, through the application's code. */
    @FunctionalInterface
    public interface Seed {
        /**
         * @param tenant the tenant id, also current in {@link Tenants}
         * @param marker the text to store, unique to this tenant
         * @throws Exception whatever the application throws
         */
        void write(String tenant, String marker) throws Exception;
    }

    /** Reads, lists or searches as a tenant, through the application's code. */
    @FunctionalInterface
    public interface Read {
        /**
         * @param tenant the tenant id, also current in {@link Tenants}
         * @return what the application returned; searched for markers as text
         * @throws Exception whatever the application throws
         */
        Object read(String tenant) throws Exception;
    }

    /** Creates, as a tenant, a row that other rows can reference (a customer), through the application's code. */
    @FunctionalInterface
    public interface Parent {
        /**
         * @param tenant the tenant id, also current in {@link Tenants}
         * @param marker text to store, unique to this tenant
         * @return how the application refers to the row (its id), handed to {@link Child}
         * @throws Exception whatever the application throws
         */
        Object create(String tenant, String marker) throws Exception;
    }

    /** Creates, as a tenant, a row that references a parent row (an order of a customer). */
    @FunctionalInterface
    public interface Child {
        /**
         * @param tenant the tenant id, also current in {@link Tenants}
         * @param marker text to store, unique to this tenant
         * @param parent what {@link Parent#create} returned, for this tenant or, in the attempt that
         *        must fail, for another tenant
         * @throws Exception whatever the application throws; the attempt on another tenant's parent
         *         must throw
         */
        void create(String tenant, String marker, Object parent) throws Exception;
    }

    record Related(Parent parent, Child child) {
    }

    /** Creates or deletes a tenant. */
    @FunctionalInterface
    public interface TenantStep {
        /**
         * @param tenant the tenant id
         * @throws Exception whatever the application throws
         */
        void apply(String tenant) throws Exception;
    }

    private final Builder options;

    private LeakCheckKit(Builder options) {
        this.options = options;
    }

    /** @return a builder; {@code seed}, at least one {@code read}, and provisioning are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Provisions, seeds, reads and deletes the tenants.
     *
     * @return what was seen
     * @throws Exception when provisioning or seeding fails (the tenants created so far are deleted)
     */
    public LeakReport run() throws Exception {
        return new LeakKitRun(options).run();
    }

    /** Options of a {@link LeakCheckKit}. */
    public static final class Builder {
        int tenants = 3;
        String idPrefix = "leak-";
        TenantStep provision;
        TenantStep deprovision;
        Seed seed;
        int markersPerTenant = 3;
        final Map<String, Read> reads = new LinkedHashMap<>();
        final Map<String, Related> related = new LinkedHashMap<>();
        int threads = 4;
        int readsPerThread = 200;
        long seedOfRandom = System.nanoTime();
        long timeoutMinutes = 10;

        private Builder() {
        }

        /** @param value how many tenants (at least 2; default 3) @return this */
        public Builder tenants(int value) {
            if (value < 2) {
                throw new IllegalArgumentException("A leak test needs at least 2 tenants");
            }
            tenants = value;
            return this;
        }

        /**
         * @param value the start of the tenant ids, followed by a run id and a number; it must
         *        make valid tenant ids (default {@code leak-})
         * @return this
         */
        public Builder idPrefix(String value) {
            idPrefix = Objects.requireNonNull(value, "idPrefix");
            return this;
        }

        /** @param management creates and deletes the tenants in this JVM @return this */
        public Builder management(TenantManagement management) {
            Objects.requireNonNull(management, "management");
            provision = management::createTenant;
            deprovision = management::deleteTenant;
            return this;
        }

        /** @param create creates a tenant (an admin HTTP call, say) @return this */
        public Builder provision(TenantStep create) {
            provision = Objects.requireNonNull(create, "create");
            return this;
        }

        /** @param delete deletes a tenant @return this */
        public Builder deprovision(TenantStep delete) {
            deprovision = Objects.requireNonNull(delete, "delete");
            return this;
        }

        /** @param value writes a marker as a tenant @return this */
        public Builder seed(Seed value) {
            seed = Objects.requireNonNull(value, "seed");
            return this;
        }

        /** @param value markers written per tenant (default 3) @return this */
        public Builder markersPerTenant(int value) {
            markersPerTenant = Math.max(1, value);
            return this;
        }

        /**
         * @param name names the operation in the report
         * @param read reads, lists or searches as a tenant
         * @return this
         */
        public Builder read(String name, Read read) {
            reads.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(read, "read"));
            return this;
        }

        /**
         * Seeds related rows and checks that no tenant can make its row reference another tenant's.
         *
         * @param name names the relation in the report
         * @param parent creates a row others reference, returning how the application refers to it
         * @param child creates a row that references a parent
         * @return this
         */
        public Builder related(String name, Parent parent, Child child) {
            related.put(Objects.requireNonNull(name, "name"), new Related(Objects.requireNonNull(parent, "parent"),
                    Objects.requireNonNull(child, "child")));
            return this;
        }

        /** @param value threads reading at once (default 4) @return this */
        public Builder threads(int value) {
            threads = Math.max(1, value);
            return this;
        }

        /** @param value reads per thread (default 200) @return this */
        public Builder readsPerThread(int value) {
            readsPerThread = Math.max(1, value);
            return this;
        }

        /** @param value seeds the random choice of tenants and reads, for a replay @return this */
        public Builder randomSeed(long value) {
            seedOfRandom = value;
            return this;
        }

        /** @param minutes how long the reads may take in all (default 10) @return this */
        public Builder timeoutMinutes(long minutes) {
            timeoutMinutes = minutes;
            return this;
        }

        /**
         * @return the test, not yet run
         * @throws IllegalStateException when provisioning, the seed or every read is missing
         */
        public LeakCheckKit build() {
            if (provision == null || deprovision == null) {
                throw new IllegalStateException("Say how tenants are created and deleted: management(...) or "
                        + "provision(...) and deprovision(...)");
            }
            if (seed == null || reads.isEmpty()) {
                throw new IllegalStateException("A leak test needs seed(...) and at least one read(...)");
            }
            return new LeakCheckKit(this);
        }

        /**
         * @return the report of a run
         * @throws Exception see {@link LeakCheckKit#run()}
         */
        public LeakReport run() throws Exception {
            return build().run();
        }
    }
}
