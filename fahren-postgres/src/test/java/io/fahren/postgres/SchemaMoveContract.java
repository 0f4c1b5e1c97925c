package io.fahren.postgres;

import io.fahren.secrets.TenantSecrets;
import java.util.List;

/** {@link MoveContract} for schema per tenant on several servers, in the mode a subclass chooses. */
abstract class SchemaMoveContract extends MoveContract {

    SchemaOptions options() {
        return SchemaOptions.builder().schemaPrefix(prefix()).rolePrefix(prefix()).perTenantLogins(perTenantLogins())
                .tenantLogins(perTenantLogins() ? List.of() : List.of(APP)).registrySchema("fahren_schema_moves").build();
    }

    @Override
    Postgres open(TenantSecrets secrets) {
        return Postgres.withSchemaIsolation(pg.login(0), options(), perTenantLogins() ? secrets : null, servers());
    }

    @Override
    PostgresTenants otherProcess() {
        return Postgres.tenantsOnly(tenantsLogin(), options(), perTenantLogins() ? secrets : null, servers());
    }

    @Override
    String copiesQuery() {
        return "SELECT count(*) FROM pg_namespace WHERE nspname = ?";
    }

    @Override
    String occupy(String name) {
        return "CREATE SCHEMA \"" + name + "\"";
    }

    @Override
    String qualified(String tenant, String table) {
        return "\"" + name(tenant) + "\"." + table;
    }
}
