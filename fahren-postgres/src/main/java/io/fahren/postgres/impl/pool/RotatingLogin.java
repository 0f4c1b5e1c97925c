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
 * moves on to the next candidate; every other error is thrown as it is. A login refused as on a
 * server the tenant was moved away from reads the secret again too, and follows its URL. Thread-safe.
 */
final class RotatingLogin {

    /** PostgreSQL's invalid_password. */
    private static final String INVALID_PASSWORD = "28P01";
    /**
     * What a login meets on the server a tenant was moved away from: its role switched off
     * ({@code 28000}), later its database dropped ({@code 3D000}). The secret then names the new
     * server.
     */
    private static final java.util.Set<String> MOVED = java.util.Set.of("28000", "3D000");

    /** Replaced, not changed, when the secret names another server: connections opening now see one whole URL. */
    private volatile PGSimpleDataSource target = new PGSimpleDataSource();
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

    /** @return the URL connections open to now (it changes when the tenant moved to another server) */
    String url() {
        return target.getURL();
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
            if (!INVALID_PASSWORD.equals(e.getSQLState()) && !MOVED.contains(e.getSQLState())) {
                throw e;
            }
            refused = e;
        }
        ConnectionSecret fresh = reload.get();
        if (fresh.equals(known)) {
            throw refused;
        }
        secret = fresh;
        if (!fresh.url().equals(known.url())) {
            PGSimpleDataSource moved = new PGSimpleDataSource(); // the tenant was moved by another process
            moved.setURL(fresh.url());
            target = moved;
        }
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
