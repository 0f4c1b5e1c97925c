package io.fahren.flyway.cdi;

import io.fahren.flyway.MigrationProgress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Hears the progress events of a migrateAll run. */
@ApplicationScoped
public class ProgressLog {

    private final List<MigrationProgress> heard = new CopyOnWriteArrayList<>();

    void onProgress(@Observes MigrationProgress progress) {
        heard.add(progress);
    }

    /** @return what was heard, in order */
    public List<MigrationProgress> heard() {
        return heard;
    }
}
