package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.Tenant;
import io.fahren.TenantPage;
import io.fahren.TenantQuery;
import io.fahren.TenantState;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL registry with 100,000 tenants ({@code -Dfahren.test.registry-tenants} for other
 * sizes): keyset pages by state, attribute and id prefix are complete and in order, and each is
 * an index read, never a scan of the table, wherever it starts. The time of a page is printed (a
 * figure, not a pass mark: this machine is noisy).
 */
@WithPostgres
class RegistryPagingTest {

    private static final int TENANTS = Integer.getInteger("fahren.test.registry-tenants", 100_000);

    private static Postgres postgres;
    private static PostgresTenantRegistry registry;

    @BeforeAll
    static void fill(PostgresDatabase db) throws SQLException {
        postgres = Postgres.withRlsIsolation(PgFixture.admin(db), RlsOptions.builder().registrySchema("fahren_pages")
                .autoSetup(false).build());
        registry = (PostgresTenantRegistry) postgres.registry();
        try (Connection c = postgres.managementDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE fahren_pages.tenants");
            // every 10th SUSPENDED; every 100th on the pro plan; every 3rd in region eu
            s.execute("INSERT INTO fahren_pages.tenants (id, state, attributes) SELECT 't' || lpad(i::text, 6, '0'), "
                    + "CASE WHEN i % 10 = 0 THEN 'SUSPENDED' ELSE 'ACTIVE' END, "
                    + "jsonb_strip_nulls(jsonb_build_object('plan', CASE WHEN i % 100 = 0 THEN 'pro' ELSE 'free' END, "
                    + "'region', CASE WHEN i % 3 = 0 THEN 'eu' END)) FROM generate_series(1, " + TENANTS + ") i");
            s.execute("ANALYZE fahren_pages.tenants");
        }
    }

    @AfterAll
    static void stop() throws SQLException {
        try (Connection c = postgres.managementDataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE fahren_pages.tenants");
        }
        postgres.close();
    }

    @Test
    void pagingThroughEveryActiveTenantSeesEachOnceInOrder() {
        List<String> ids = walk(TenantQuery.all().inStates(TenantState.ACTIVE).limit(1000));
        assertThat(ids).hasSize(TENANTS - TENANTS / 10).doesNotHaveDuplicates().isSorted();
        assertThat(ids).doesNotContain("t000010", "t000100");
    }

    @Test
    void attributeAndPrefixFiltersCombineWithTheCursor() {
        List<String> pro = walk(TenantQuery.all().withAttribute("plan", "pro").limit(100));
        assertThat(pro).hasSize(TENANTS / 100).allMatch(id -> Integer.parseInt(id.substring(1)) % 100 == 0);
        List<String> proInEu = walk(TenantQuery.all().withAttribute("plan", "pro").withAttribute("region", "eu").limit(7));
        assertThat(proInEu).hasSize(TENANTS / 300).allMatch(id -> Integer.parseInt(id.substring(1)) % 300 == 0);
        List<String> prefixed = walk(TenantQuery.all().withIdPrefix("t0001").limit(33));
        assertThat(prefixed).hasSize(100).first().isEqualTo("t000100");
        Tenant one = registry.list(TenantQuery.all().withIdPrefix("t000300")).tenants().get(0);
        assertThat(one.attributes()).containsEntry("plan", "pro").containsEntry("region", "eu");
        assertThat(one.state()).isEqualTo(TenantState.SUSPENDED);
    }

    @Test
    void aPageIsAnIndexReadWhereverItStarts() throws SQLException {
        List<TenantQuery> queries = List.of(
                TenantQuery.all(),
                TenantQuery.all().after("t090000"),
                TenantQuery.all().inStates(TenantState.SUSPENDED).after("t090000"),
                TenantQuery.all().withAttribute("plan", "pro").after("t050000"),
                TenantQuery.all().withIdPrefix("t0999"));
        for (TenantQuery query : queries) {
            String plan = explain(query);
            assertThat(plan).as("plan of %s", query).contains("Index").doesNotContain("Seq Scan");
            long[] nanos = new long[9];
            for (int i = 0; i < nanos.length; i++) {
                long start = System.nanoTime();
                TenantPage page = registry.list(query);
                nanos[i] = System.nanoTime() - start;
                assertThat(page.tenants()).isNotEmpty();
            }
            Arrays.sort(nanos);
            System.out.printf("Registry page of %d tenants among %d (%s): median %.2f ms%n",
                    registry.list(query).tenants().size(), TENANTS, describe(query), nanos[4] / 1e6);
        }
    }

    private static String describe(TenantQuery query) {
        return "states " + query.states() + ", attributes " + query.attributes() + ", prefix " + query.idPrefix()
                + ", after " + query.after();
    }

    private static List<String> walk(TenantQuery query) {
        List<String> ids = new ArrayList<>();
        TenantQuery next = query;
        while (true) {
            TenantPage page = registry.list(next);
            assertThat(page.tenants()).hasSizeLessThanOrEqualTo(query.limit());
            page.tenants().forEach(t -> ids.add(t.id().value()));
            if (page.next().isEmpty()) {
                return ids;
            }
            next = query.after(page.next().get());
        }
    }

    private static String explain(TenantQuery query) throws SQLException {
        try (Connection c = postgres.managementDataSource().getConnection();
                PreparedStatement s = registry.page(query).prepare(c, "EXPLAIN ");
                ResultSet rs = s.executeQuery()) {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
            return plan.toString();
        }
    }
}
