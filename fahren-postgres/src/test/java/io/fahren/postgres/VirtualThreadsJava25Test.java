package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.Tenants;
import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.WithPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * Tenant traffic on Java 21+ virtual threads: tasks wrapped with {@code Tenants.propagate} read
 * through the tenant-aware data source on a pool of two connections, each sees only its tenant's
 * rows, and JFR records no virtual thread pinned to its carrier meanwhile (a class being loaded or
 * initialised by another thread aside, which the JDK still pins once per class). Run on Java 25 by the
 * {@code java25-virtual-threads} Surefire execution (the Java 17 build leaves it out); it fails,
 * rather than skips, on a Java without virtual threads.
 */
@WithPostgres
class VirtualThreadsJava25Test {

    private static final List<String> TENANTS = List.of("vt-a", "vt-b", "vt-c", "vt-d");

    @Test
    void tenantTasksOnVirtualThreadsSeeOnlyTheirRowsAndPinNoCarrier(PostgresDatabase db) throws Exception {
        assertThat(Runtime.version().feature()).as("this test runs on Java 21 or later").isGreaterThanOrEqualTo(21);
        PgFixture.execute(db, "CREATE TABLE vt_notes (tenant_id text NOT NULL, body text NOT NULL)");
        PostgresConnection app = PgFixture.newLogin(db, "vt", "NOSUPERUSER NOBYPASSRLS");
        RlsOptions options = RlsOptions.builder().autoSetup(true).poolSize(2).tables(List.of("public.vt_notes"))
                .policyName("fahren_vt_notes").tenantLogins(List.of(app.username())).build();
        try (Postgres rls = Postgres.withRlsIsolation(PgFixture.admin(db), options)) {
            for (String tenant : TENANTS) {
                rls.forManagement().createTenant(tenant);
            }
            try (PostgresTenants tenants = rls.forTenants(app)) {
                for (String tenant : TENANTS) {
                    tenants.updateAs(tenant, "INSERT INTO vt_notes VALUES (?, ?)", tenant, "note of " + tenant);
                }
                DataSource dataSource = tenants.dataSource();
                // loads and initialises the classes of the path first: Java 25 still pins a virtual
                // thread that waits for another one to load or initialise a class
                runOnVirtualThreads(dataSource, 200);
                Path jfr = Files.createTempFile("fahren-virtual-threads", ".jfr");
                List<String> problems = new ArrayList<>();
                try (Recording recording = new Recording()) {
                    recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
                    recording.start();
                    // with a recording on, the first Throwable initialises the JDK's ThrowableTracer: here,
                    // not in a task (pgjdbc makes an SQLWarning of a server NOTICE)
                    new SQLException("initialises the JDK's exception tracing on this platform thread").getMessage();
                    problems.addAll(runOnVirtualThreads(dataSource, 800));
                    recording.stop();
                    recording.dump(jfr);
                }
                List<String> pinned = new ArrayList<>();
                for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
                    if (event.getEventType().getName().equals("jdk.VirtualThreadPinned") && !classSetUp(event)) {
                        pinned.add((event.hasField("pinnedReason") ? event.getString("pinnedReason") : "?") + " "
                                + (event.hasField("blockingOperation") ? event.getString("blockingOperation") : "")
                                + " " + event.getStackTrace());
                    }
                }
                Files.delete(jfr);
                assertThat(problems).as("tasks that saw another tenant's rows or ran off a virtual thread").isEmpty();
                assertThat(pinned).as("virtual threads pinned to their carrier").isEmpty();
            }
        }
    }

    /**
     * Pins Java 25 still has for a class being loaded or initialised by another thread (the JDK's
     * socket poller, on the first read that parks): the JDK's, once per class, none of Fahren's.
     */
    private static boolean classSetUp(RecordedEvent event) {
        String reason = event.hasField("pinnedReason") ? String.valueOf(event.getString("pinnedReason")) : "";
        return reason.contains("initialization") || reason.contains("<clinit>") || (event.getStackTrace() != null && event.getStackTrace()
                .getFrames().stream().anyMatch(frame -> frame.getMethod().getName().startsWith("loadClass")));
    }

    private static List<String> runOnVirtualThreads(DataSource dataSource, int tasks) throws Exception {
        ExecutorService virtualThreads = (ExecutorService) Executors.class
                .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        List<String> problems = new ArrayList<>();
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                String tenant = TENANTS.get(i % TENANTS.size());
                Callable<String> read = () -> read(dataSource, tenant);
                results.add(Tenants.callAs(tenant, () -> virtualThreads.submit(Tenants.propagate(read))));
            }
            for (Future<String> result : results) {
                String problem = result.get(2, TimeUnit.MINUTES);
                if (problem != null) {
                    problems.add(problem);
                }
            }
        } finally {
            virtualThreads.shutdownNow();
        }
        return problems;
    }

    /** @return null when the task ran on a virtual thread as its tenant and saw only its own row */
    private static String read(DataSource dataSource, String tenant) throws Exception {
        if (!(Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread())) {
            return "ran on platform thread " + Thread.currentThread();
        }
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT tenant_id FROM vt_notes");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows.equals(List.of(tenant)) ? null : tenant + " saw " + rows;
    }
}
