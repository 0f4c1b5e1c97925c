package io.fahren.postgres;

import io.fahren.FahrenConfigurationException;
import io.fahren.FahrenException;
import io.fahren.Tenant;
import io.fahren.TenantId;
import io.fahren.TenantPage;
import io.fahren.TenantQuery;
import io.fahren.TenantState;
import io.fahren.postgres.impl.registry.RowLocks;
import io.fahren.postgres.impl.sql.Sql;
import io.fahren.spi.TenantRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link TenantRegistry} kept in a table of the management database, {@code fahren.tenants} by
 * default, created on first use. Its lifecycle lock is a row lock ({@code SELECT ... FOR UPDATE})
 * on the tenant's row in {@code fahren.tenant_locks}, held by an open transaction: it holds across
 * every application node that shares the database, the server frees it when its holder dies, it
 * works through PgBouncer's transaction pooling (the transaction keeps its server session), and no
 * tenant login can take it (they have no privilege on the table; an advisory lock, by contrast,
 * can be taken by any login).
 *
 * <pre>{@code
 * TenantRegistry registry = new PostgresTenantRegistry(managementDataSource, "fahren");
 * }</pre>
 */
public final class PostgresTenantRegistry implements TenantRegistry {

    /** How long {@link #lock} waits, by default, for another create or delete of the same tenant. */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofMinutes(5);

    /**
     * A row as {@link #tenant(ResultSet)} reads it: the attributes come as two arrays (keys, and
     * values in the same order), so no JSON is parsed in Java.
     */
    private static final String COLUMNS = "t.id, t.state, t.created_at, t.updated_at, "
            + "ARRAY(SELECT k FROM pg_catalog.jsonb_object_keys(t.attributes) k ORDER BY k), "
            + "ARRAY(SELECT t.attributes ->> k FROM pg_catalog.jsonb_object_keys(t.attributes) k ORDER BY k)";
    /** Ids in the order of Java's {@code String.compareTo}, whatever the database's collation, so cursors agree. */
    private static final String ID_ORDER = "t.id COLLATE \"C\"";

    private final DataSource dataSource;
    private final DataSource lockSource;
    private final String table;
    private final String locks;
    private final String lookup;
    /** The look-up function that also returns the attributes. */
    private final String entry;
    private final String schema;
    /** False for the look-up view of a process that serves tenants only. */
    private final boolean management;
    private final Duration lockWait;
    /** The lifecycle locks; null in the look-up view. */
    private final RowLocks rowLocks;

    /**
     * Creates the schema and table when they do not exist. Locks use connections of their own from
     * the same data source.
     *
     * @param dataSource the management database
     * @param schema the schema holding the {@code tenants} table
     */
    public PostgresTenantRegistry(DataSource dataSource, String schema) {
        this(dataSource, dataSource, schema);
    }

    /**
     * Creates the schema and table when they do not exist.
     *
     * @param dataSource the management database
     * @param lockSource where lock connections come from; give it a source other than a small pool
     *        that provisioning also draws from, or concurrent creates can starve each other
     * @param schema the schema holding the {@code tenants} table
     */
    public PostgresTenantRegistry(DataSource dataSource, DataSource lockSource, String schema) {
        this(dataSource, lockSource, schema, DEFAULT_LOCK_WAIT);
    }

    /**
     * Creates the schema and table when they do not exist.
     *
     * @param dataSource the management database
     * @param lockSource where lock connections come from (see above)
     * @param schema the schema holding the {@code tenants} table
     * @param lockWait how long {@link #lock} waits for another create or delete of the same tenant
     *        before it gives up with a {@link FahrenException}
     */
    public PostgresTenantRegistry(DataSource dataSource, DataSource lockSource, String schema, Duration lockWait) {
        this.dataSource = dataSource;
        this.lockSource = lockSource;
        this.table = Sql.qualified(schema, "tenants");
        this.locks = Sql.qualified(schema, "tenant_locks");
        this.lookup = Sql.qualified(schema, "tenant_state");
        this.entry = Sql.qualified(schema, "tenant_entry");
        this.schema = Sql.identifier(schema);
        this.management = true;
        this.lockWait = Objects.requireNonNull(lockWait, "lockWait");
        this.rowLocks = new RowLocks(lockSource, locks, lockWait, this::failure);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.identifier(schema));
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (id text PRIMARY KEY, state text NOT NULL, "
                    + "created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now())");
            s.execute("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS attributes jsonb NOT NULL DEFAULT '{}'");
            // keyset pages by id, alone or within a state, and attribute filters (@>), each served by an index
            s.execute("CREATE INDEX IF NOT EXISTS tenants_by_id ON " + table + " ((id COLLATE \"C\"))");
            s.execute("CREATE INDEX IF NOT EXISTS tenants_by_state ON " + table + " (state, (id COLLATE \"C\"))");
            s.execute("CREATE INDEX IF NOT EXISTS tenants_by_attributes ON " + table
                    + " USING gin (attributes jsonb_path_ops)");
            s.execute("CREATE TABLE IF NOT EXISTS " + locks + " (id text PRIMARY KEY)");
            // the narrow, read-only view for processes that serve tenants only: one tenant's state by
            // its id; it cannot list tenants. Every name in the body is schema-qualified.
            s.execute("CREATE OR REPLACE FUNCTION " + lookup + "(tenant_id text) RETURNS TABLE (state text, "
                    + "created_at timestamptz, updated_at timestamptz) LANGUAGE sql STABLE SECURITY DEFINER AS "
                    + Sql.dollarQuoted(" SELECT t.state, t.created_at, t.updated_at FROM " + table + " t WHERE t.id "
                    + "OPERATOR(pg_catalog.=) tenant_id "));
            s.execute("REVOKE ALL ON FUNCTION " + lookup + "(text) FROM PUBLIC");
            s.execute("CREATE OR REPLACE FUNCTION " + entry + "(tenant_id text) RETURNS TABLE (id text, state text, "
                    + "created_at timestamptz, updated_at timestamptz, keys text[], vals text[]) LANGUAGE sql STABLE "
                    + "SECURITY DEFINER AS " + Sql.dollarQuoted(" SELECT " + COLUMNS + " FROM " + table + " t WHERE t.id "
                    + "OPERATOR(pg_catalog.=) tenant_id "));
            s.execute("REVOKE ALL ON FUNCTION " + entry + "(text) FROM PUBLIC");
        } catch (SQLException e) {
            throw failure("create the tenant registry table " + table, e);
        }
    }

    private PostgresTenantRegistry(String schema, DataSource dataSource) {
        this.dataSource = dataSource;
        this.lockSource = null;
        this.table = Sql.qualified(schema, "tenants");
        this.locks = Sql.qualified(schema, "tenant_locks");
        this.lookup = Sql.qualified(schema, "tenant_state");
        this.entry = Sql.qualified(schema, "tenant_entry");
        this.schema = Sql.identifier(schema);
        this.lockWait = DEFAULT_LOCK_WAIT;
        this.rowLocks = null;
        this.management = false;
    }

    /**
     * The registry as a process that serves tenants only sees it: it can ask for one tenant's
     * state through the {@code tenant_state(id)} function, and nothing else (no listing, no
     * changes, no locks). The management side grants that function with {@link #grantLookup}.
     *
     * <pre>{@code
     * TenantRegistry registry = PostgresTenantRegistry.lookupOnly(tenantsLoginDataSource, "fahren");
     * }</pre>
     *
     * @param dataSource a connection to the management database as a tenants-side login
     * @param schema the registry schema
     * @return the read-only view
     */
    public static PostgresTenantRegistry lookupOnly(DataSource dataSource, String schema) {
        return new PostgresTenantRegistry(schema, dataSource);
    }

    /**
     * Lets tenants-side logins look tenants up one at a time (the function only, not the tables).
     *
     * @param logins the logins of processes that serve tenants
     */
    public void grantLookup(List<String> logins) {
        requireManagement("grant the registry look-up");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String login : logins) {
                s.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + Sql.identifier(login));
                s.execute("GRANT EXECUTE ON FUNCTION " + lookup + "(text) TO " + Sql.identifier(login));
                s.execute("GRANT EXECUTE ON FUNCTION " + entry + "(text) TO " + Sql.identifier(login));
            }
        } catch (SQLException e) {
            throw failure("grant the look-up to " + logins, e);
        }
    }

    private void requireManagement(String what) {
        if (!management) {
            throw new FahrenConfigurationException("This process serves tenants only: it has no management login "
                    + "(fahren.postgres.username), so it cannot " + what + ". Create, delete and list tenants in the "
                    + "management service.");
        }
    }

    @Override
    public Optional<Tenant> find(TenantId tenantId) {
        if (!management) {
            return lookUp(tenantId);
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM " + table + " t WHERE t.id = ?")) {
            s.setString(1, tenantId.value());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(tenant(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read tenant '" + tenantId + "'", e);
        }
    }

    private Optional<Tenant> lookUp(TenantId tenantId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT * FROM " + entry + "(?)")) {
            s.setString(1, tenantId.value());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(tenant(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("look tenant '" + tenantId + "' up (as a tenants-side login, through " + entry
                    + "; the management side grants it to the logins in the options' tenantLogins / fahren.postgres.tenants.username)", e);
        }
    }

    /** One {@code GROUP BY} on the registry table, as the management login. */
    @Override
    public Map<TenantState, Long> countByState() {
        requireManagement("count tenants");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT state, count(*) FROM " + table + " GROUP BY state")) {
            Map<TenantState, Long> counts = new EnumMap<>(TenantState.class);
            while (rs.next()) {
                counts.put(TenantState.valueOf(rs.getString(1)), rs.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw failure("count tenants", e);
        }
    }

    /** One {@code SELECT 1} on the registry's pool, which serves both the management and tenants sides. */
    @Override
    public void ping() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        } catch (SQLException e) {
            throw failure("check the registry's database", e);
        }
    }

    @Override
    public List<Tenant> list() {
        requireManagement("list tenants");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + COLUMNS + " FROM " + table + " t ORDER BY " + ID_ORDER)) {
            return tenants(rs);
        } catch (SQLException e) {
            throw failure("list tenants", e);
        }
    }

    /**
     * One page in one statement: each filter is a fixed SQL fragment with bound values, the
     * cursor a keyset condition on the id, so a page is an index range read wherever it starts
     * (see the indexes made by the constructor).
     */
    @Override
    public TenantPage list(TenantQuery query) {
        requireManagement("list tenants");
        PageStatement page = page(query);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = page.prepare(c, "")) {
            try (ResultSet rs = s.executeQuery()) {
                return TenantPage.of(query, tenants(rs));
            }
        } catch (SQLException e) {
            throw failure("list tenants", e);
        }
    }

    /** The statement of one page and its values, each an array or a string. */
    record PageStatement(String sql, List<Object> values) {

        /**
         * @param c a connection
         * @param prefix put before the statement, such as {@code EXPLAIN}
         * @return the statement with every value bound
         */
        PreparedStatement prepare(Connection c, String prefix) throws SQLException {
            PreparedStatement s = c.prepareStatement(prefix + sql);
            try {
                for (int i = 0; i < values.size(); i++) {
                    if (values.get(i) instanceof String[] array) {
                        s.setArray(i + 1, c.createArrayOf("text", array));
                    } else {
                        s.setString(i + 1, (String) values.get(i));
                    }
                }
                return s;
            } catch (SQLException | RuntimeException e) {
                s.close();
                throw e;
            }
        }
    }

    /**
     * One page in one statement: each filter is a fixed SQL fragment with bound values, the
     * cursor a keyset condition on the id, so a page is an index range read wherever it starts
     * (see the indexes made by the constructor).
     */
    PageStatement page(TenantQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM " + table + " t WHERE true");
        List<Object> values = new ArrayList<>();
        if (!query.states().isEmpty()) {
            sql.append(" AND t.state = ANY (?)");
            values.add(query.states().stream().map(Enum::name).sorted().toArray(String[]::new));
        }
        if (!query.attributes().isEmpty()) {
            sql.append(" AND t.attributes @> pg_catalog.jsonb_object(?::text[], ?::text[])");
            values.add(query.attributes().keySet().toArray(String[]::new));
            values.add(query.attributes().values().toArray(String[]::new));
        }
        if (query.idPrefix() != null && !query.idPrefix().isEmpty()) {
            sql.append(" AND ").append(ID_ORDER).append(" LIKE ?");
            values.add(query.idPrefix().replace("_", "\\_") + "%");
        }
        if (query.after() != null) {
            sql.append(" AND ").append(ID_ORDER).append(" > ?");
            values.add(query.after());
        }
        sql.append(" ORDER BY ").append(ID_ORDER).append(" LIMIT ").append(query.limit() + 1);
        return new PageStatement(sql.toString(), values);
    }

    @Override
    public Optional<Tenant> putAttributes(TenantId tenantId, Map<String, String> attributes) {
        requireManagement("change the attributes of tenant '" + tenantId + "'");
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE " + table + " t SET attributes = "
                        + "pg_catalog.jsonb_object(?::text[], ?::text[]), updated_at = now() WHERE t.id = ? RETURNING "
                        + COLUMNS)) {
            s.setArray(1, c.createArrayOf("text", attributes.keySet().toArray(String[]::new)));
            s.setArray(2, c.createArrayOf("text", attributes.values().toArray(String[]::new)));
            s.setString(3, tenantId.value());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(tenant(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("change the attributes of tenant '" + tenantId + "'", e);
        }
    }

    private static List<Tenant> tenants(ResultSet rs) throws SQLException {
        List<Tenant> tenants = new ArrayList<>();
        while (rs.next()) {
            tenants.add(tenant(rs));
        }
        return tenants;
    }

    @Override
    public Tenant put(TenantId tenantId, TenantState state) {
        requireManagement("record tenant '" + tenantId + "'");
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " AS t (id, state) VALUES (?, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET state = excluded.state, updated_at = now() "
                        + "RETURNING " + COLUMNS)) {
            s.setString(1, tenantId.value());
            s.setString(2, state.name());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return tenant(rs);
            }
        } catch (SQLException e) {
            throw failure("record tenant '" + tenantId + "' as " + state, e);
        }
    }

    @Override
    public void remove(TenantId tenantId) {
        requireManagement("remove tenant '" + tenantId + "'");
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
            s.setString(1, tenantId.value());
            s.executeUpdate();
        } catch (SQLException e) {
            throw failure("remove tenant '" + tenantId + "'", e);
        }
    }

    /**
     * Takes the tenant's lifecycle lock: a row lock held by a transaction on a connection of its
     * own, which the server releases if this process dies. While another create or delete of the
     * tenant holds it, this waits (saying so in the log after a second), for at most the lock wait.
     *
     * @throws FahrenException when the lock stays taken for longer than the lock wait, or the
     *         database cannot be reached
     */
    @Override
    public Lock lock(TenantId tenantId) {
        requireManagement("lock tenant '" + tenantId + "'");
        return rowLocks.lock(tenantId);
    }

    private static Tenant tenant(ResultSet rs) throws SQLException {
        String[] keys = (String[]) rs.getArray(5).getArray();
        String[] vals = (String[]) rs.getArray(6).getArray();
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            attributes.put(keys[i], vals[i]);
        }
        return new Tenant(new TenantId(rs.getString(1)), TenantState.valueOf(rs.getString(2)),
                rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant(), attributes);
    }

    private FahrenException failure(String what, SQLException e) {
        return new FahrenException("The PostgreSQL tenant registry (" + table + ") could not " + what + ": "
                + e.getMessage() + ". Check that the management database is reachable (fahren.postgres.url).", e);
    }

    @Override
    public String toString() {
        return "PostgresTenantRegistry[" + table + "]";
    }
}
