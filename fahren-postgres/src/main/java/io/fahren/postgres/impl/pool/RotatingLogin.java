package io.fahren.postgres.impl.pool;

import io.fahren.secrets.ConnectionSecret;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Opens a tenant login's physical connections through a credential rotation without failing: it
 * tries the secret's password, then the previous password the secret keeps during a rotation (the
 * server may not have the new one yet), and when the server refuses both it reads the secret again
 * (another process may have rotated it) and tries that. Only a refused password ({@code 28P01})
 * moves on to the next candidate; every other error is thrown as it is. Thread-safe.
 */
final class RotatingLogin {

    /** PostgreSQL's invalid_password. */
    private static final String INVALID_PASSWORD = "28P01";

    private final PGSimpleDataSource target = new PGSimpleDataSource();
    private final Supplier<ConnectionSecret> reload;
    private volatile ConnectionSecret secret;

    /**
     * @param secret the credentials read when the pool opened
     * @param reload reads them again from the secrets store
     */
    RotatingLogin(ConnectionSecret secret, Supplier<ConnectionSecret> reload) {
        this.secret = secret;
        this.reload = reload;
        target.setURL(secret.url());
    }

    /** @return the underlying data source, for its log writer and login timeout */
    PGSimpleDataSource target() {
        return target;
    }

    /** Reads the secret again, so the next connections use the credentials it holds now. */
    void reload() {
        secret = reload.get();
    }

    Connection connect() throws SQLException {
        ConnectionSecret known = secret;
        SQLException refused;
        try {
            return tryEach(known);
        } catch (SQLException e) {
            if (!INVALID_PASSWORD.equals(e.getSQLState())) {
                throw e;
            }
            refused = e;
        }
        ConnectionSecret fresh = reload.get();
        if (fresh.equals(known)) {
            throw refused;
        }
        secret = fresh;
        try {
            return tryEach(fresh);
        } catch (SQLException e) {
            e.addSuppressed(refused);
            throw e;
        }
    }

    private Connection tryEach(ConnectionSecret credentials) throws SQLException {
        List<String> candidates = new ArrayList<>(2);
        candidates.add(credentials.password());
        if (credentials.previousPassword() != null) {
            candidates.add(credentials.previousPassword());
        }
        SQLException last = null;
        for (String password : candidates) {
            try {
                return target.getConnection(credentials.username(), password);
            } catch (SQLException e) {
                if (!INVALID_PASSWORD.equals(e.getSQLState())) {
                    throw e;
                }
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
            }
        }
        throw last;
    }
}
