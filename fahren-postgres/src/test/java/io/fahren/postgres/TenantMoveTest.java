package io.fahren.postgres;

import io.fahren.secrets.TenantSecrets;

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
}
