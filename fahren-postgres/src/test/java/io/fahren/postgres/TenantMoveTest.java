package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.secrets.TenantSecrets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link MoveContract} for database per tenant on several servers. */
class TenantMoveTest extends MoveContract {

    @Override
    boolean perTenantLogins() {
        return true;
    }

    private DatabaseOptions options() {
        return DatabaseOptions.builder().prefix(prefix()).revokePublicConnect(true).registrySchema("fahren_moves").build();
    }

    @Override
    Postgres open(TenantSecrets secrets) {
        return Postgres.withDatabaseIsolation(pg.login(0), secrets, options(), servers());
    }

    @Override
    PostgresTenants otherProcess() {
        return Postgres.tenantsOnly(pg.login(0), options(), secrets, servers());
    }

    @Override
    String copiesQuery() {
        return "SELECT count(*) FROM pg_database WHERE datname = ?";
    }

    @Override
    String occupy(String name) {
        return "CREATE DATABASE \"" + name + "\"";
    }

    @Override
    String qualified(String tenant, String table) {
        return "public." + table;
    }

    /**
     * Another process whose pool followed a moved tenant counts its connections against the new
     * server's cap: with one connection allowed per server, a tenant of the new server gets its
     * connection by closing the moved tenant's idle one there, never beside it.
     */
    @Test
    void aPoolThatFollowedAMovedTenantCountsAgainstItsNewServersCap() throws Exception {
        String moved = "mp-" + run;
        String local = "ml-" + run;
        seed(moved);
        management.createTenant(local, Map.of("server", "west"));
        TenantServers capped = TenantServers.of(List.of(new TenantServer("east", pg.login(0), 1, 0, 1),
                new TenantServer("west", pg.login(1), 1, 0, 1)), TenantPlacement.fewestTenants());
        try (PostgresTenants other = Postgres.tenantsOnly(pg.login(0), options(), secrets, capped)) {
            assertThat(portOf(other, moved)).isEqualTo(pg.get(0).port());
            postgres.moveTenant(moved, "west");
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (true) {
                try {
                    assertThat(portOf(other, moved)).isEqualTo(pg.get(1).port()); // its idle connection stays on west
                    break;
                } catch (RuntimeException | AssertionError notYet) {
                    if (System.nanoTime() > deadline) {
                        throw notYet;
                    }
                    Thread.sleep(200);
                }
            }
            assertThat(portOf(other, local)).isEqualTo(pg.get(1).port());
            long settle = System.nanoTime() + 3_000_000_000L;
            long onWest;
            do {
                Thread.sleep(50);
                onWest = pg.count(1, "SELECT count(*) FROM pg_stat_activity WHERE usename = ?", name(moved))
                        + pg.count(1, "SELECT count(*) FROM pg_stat_activity WHERE usename = ?", name(local));
            } while (onWest > 1 && System.nanoTime() - settle < 0);
            assertThat(onWest).as("the other process's connections on west (cap 1)").isEqualTo(1);
        }
    }
}
