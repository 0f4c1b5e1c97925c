package io.fahren.postgres.impl.pool;

import io.fahren.TenantId;
import io.fahren.postgres.impl.sql.TenantLogins;
import io.fahren.secrets.ConnectionSecret;
import io.fahren.secrets.TenantSecrets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Rotates the password of a tenant's own PostgreSQL login (database per tenant, schema per tenant
 * with logins) while the tenant serves requests:
 *
 * <ol>
 *   <li>the secret gets the new password, keeping the old one as its previous password (connecting
 *       code tries both, see {@link RotatingLogin});</li>
 *   <li>{@code ALTER ROLE ... PASSWORD} (a SCRAM verifier computed in the JVM);</li>
 *   <li>this process's pool of the tenant rolls over to the new password;</li>
 *   <li>the secret drops the previous password.</li>
 * </ol>
 *
 * A crash after step 1 leaves a secret that still holds the previous password, so every process
 * connects with one of the two; the next rotation sees it and finishes that rotation (steps 2-4
 * with the password already stored) instead of starting another.
 */
public final class LoginRotation {

    private final DataSource management;
    private final TenantSecrets secrets;
    private final String resource;
    private final TenantPools pools;
    private final Supplier<String> passwords;

    /**
     * @param management the management data source
     * @param secrets where the tenant's credentials are kept
     * @param resource the resource name of the secret path
     * @param pools this process's tenant pools
     * @param passwords the password generator
     */
    public LoginRotation(DataSource management, TenantSecrets secrets, String resource, TenantPools pools,
            Supplier<String> passwords) {
        this.management = management;
        this.secrets = secrets;
        this.resource = resource;
        this.pools = pools;
        this.passwords = passwords;
    }

    /**
     * @param tenantId the tenant
     * @param role its login role (unquoted)
     * @throws io.fahren.secrets.SecretNotFoundException when its secret is missing
     * @throws SQLException when the server refused the change; the secret then still holds both passwords
     */
    public void rotate(TenantId tenantId, String role) throws SQLException {
        ConnectionSecret current = secrets.load(tenantId, resource);
        ConnectionSecret rotating = current;
        if (!current.isRotating()) {
            rotating = current.rotatingTo(TenantLogins.newPassword(passwords));
            secrets.store(tenantId, resource, rotating);
        }
        try (Connection c = management.getConnection()) {
            TenantLogins.setPassword(c, role, rotating.password());
        }
        pools.rollOver(tenantId);
        secrets.store(tenantId, resource, rotating.rotated());
    }
}
