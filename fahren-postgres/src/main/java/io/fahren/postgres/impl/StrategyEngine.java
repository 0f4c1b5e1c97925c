package io.fahren.postgres.impl;

import com.zaxxer.hikari.HikariDataSource;
import io.fahren.postgres.BindingMode;
import io.fahren.postgres.DatabaseOptions;
import io.fahren.postgres.TenantServers;
import io.fahren.postgres.PostgresConnection;
import io.fahren.postgres.PostgresEngine;
import io.fahren.postgres.RlsOptions;
import io.fahren.postgres.SchemaOptions;
import io.fahren.postgres.impl.database.DatabaseStrategy;
import io.fahren.postgres.impl.pool.Pools;
import io.fahren.postgres.impl.rls.RlsIsolation;
import io.fahren.postgres.impl.schema.SchemaIsolation;
import io.fahren.postgres.impl.schema.PlacedSchemaIsolation;
import io.fahren.postgres.impl.schema.SchemaLoginStrategy;
import io.fahren.secrets.TenantSecrets;
import java.util.Objects;

/**
 * The implementation behind {@link io.fahren.postgres.Postgres}: picks the strategy class for the
 * options, and opens pools. Registered in {@code META-INF/services/io.fahren.postgres.PostgresEngine}.
 */
public final class StrategyEngine implements PostgresEngine {

    @Override
    public Strategy rls(RlsOptions options) {
        return new RlsIsolation(options);
    }

    @Override
    public Strategy schema(PostgresConnection login, SchemaOptions options, TenantSecrets secrets) {
        return options.perTenantLogins()
                ? new SchemaLoginStrategy(login, options, Objects.requireNonNull(secrets, "secrets"))
                : new SchemaIsolation(options);
    }

    @Override
    public Strategy schema(PostgresConnection login, SchemaOptions options, TenantSecrets secrets,
            TenantServers servers) {
        return options.perTenantLogins()
                ? new SchemaLoginStrategy(login, options, Objects.requireNonNull(secrets, "secrets"), servers)
                : new PlacedSchemaIsolation(options, servers);
    }

    @Override
    public Strategy database(PostgresConnection login, DatabaseOptions options, TenantSecrets secrets) {
        return new DatabaseStrategy(login, options, secrets);
    }

    @Override
    public Strategy database(PostgresConnection login, DatabaseOptions options, TenantSecrets secrets,
            TenantServers servers) {
        return new DatabaseStrategy(login, options, secrets, servers);
    }

    @Override
    public HikariDataSource pool(PostgresConnection login, int size, String name, BindingMode mode) {
        return Pools.open(login, size, name, mode);
    }
}
