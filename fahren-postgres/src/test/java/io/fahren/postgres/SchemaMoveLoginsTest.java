package io.fahren.postgres;

/** {@link SchemaMoveContract} with per-tenant logins: the secret follows the tenant to its new server. */
class SchemaMoveLoginsTest extends SchemaMoveContract {

    @Override
    boolean perTenantLogins() {
        return true;
    }
}
