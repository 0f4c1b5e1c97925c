package io.fahren.admin.impl;

import io.fahren.BulkProgress;
import io.fahren.flyway.MigrationProgress;
import io.fahren.flyway.MigrationReport;
import io.fahren.flyway.MigrationStatus;
import io.fahren.flyway.TenantMigrationException;
import io.fahren.flyway.TenantMigrations;
import io.fahren.internal.Exclusive;
import io.fahren.internal.Problems;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@link AdminMigrations} over {@code fahren-flyway}'s {@link TenantMigrations}. Added by
 * {@code AdminExtension} only when {@code fahren-flyway} is deployed; application scoped. One bulk
 * run at a time: a second waits for the first.
 */
public class FlywayAdminMigrations implements AdminMigrations {

    @Inject
    Instance<TenantMigrations> migrations;

    private final Exclusive bulk = new Exclusive();
    private volatile Consumer<BulkProgress> listener;

    @Override
    public Response migrate(String tenantId) {
        try {
            int applied = migrations.get().migrate(tenantId);
            JsonObjectBuilder view = status(migrations.get().status(tenantId)).add("applied", applied);
            return Response.ok(view.build().toString()).build();
        } catch (TenantMigrationException e) {
            return Problems.problem(500, "Migration failed", e.getMessage());
        }
    }

    @Override
    public Response status(String tenantId) {
        try {
            return Response.ok(status(migrations.get().status(tenantId)).build().toString()).build();
        } catch (TenantMigrationException e) {
            return Problems.problem(503, "Unavailable", e.getMessage());
        }
    }

    private static JsonObjectBuilder status(MigrationStatus status) {
        var pending = Json.createArrayBuilder();
        status.pending().forEach(pending::add);
        JsonObjectBuilder view = Json.createObjectBuilder().add("id", status.tenantId()).add("pending", pending)
                .add("current", status.isCurrent());
        if (status.version() != null) {
            view.add("version", status.version());
        }
        if (status.lastFailure() != null) {
            JsonObjectBuilder failure = Json.createObjectBuilder().add("error", status.lastFailure().error())
                    .add("at", status.lastFailure().at().toString());
            if (status.lastFailure().version() != null) {
                failure.add("version", status.lastFailure().version());
            }
            view.add("lastFailure", failure);
        }
        return view;
    }

    @Override
    public BulkProgress migrateAll(Consumer<BulkProgress> progress) {
        return bulk.call(() -> {
            listener = progress;
            try {
                MigrationReport report = migrations.get().migrateAll();
                Map<String, String> failures = new LinkedHashMap<>();
                report.failed().forEach((tenant, e) -> failures.put(tenant, e.getMessage()));
                return new BulkProgress(report.migrated().size() + failures.size(), report.migrated().size(), failures);
            } finally {
                listener = null;
            }
        });
    }

    void onProgress(@Observes MigrationProgress progress) {
        Consumer<BulkProgress> current = listener;
        if (current != null) {
            current.accept(new BulkProgress(progress.total(), progress.done() - progress.failed(), Map.of()));
        }
    }
}
