package io.fahren.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fahren.testing.PostgresDatabase;
import io.fahren.testing.RedisKeyspace;
import io.fahren.testing.WithPostgres;
import io.fahren.testing.WithRedis;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line against real PostgreSQL and Redis, with a database and an ACL user per tenant
 * and Flyway migrations: each command does what the application's TenantManagement does, prints
 * its outcome and sets its exit code.
 */
@WithPostgres
@WithRedis
class FahrenCliTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    @TempDir
    Path dir;

    private PostgresDatabase db;
    private Path config;

    /** What one run printed, and its exit code. */
    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void configure(PostgresDatabase db, RedisKeyspace keyspace) throws IOException {
        this.db = db;
        List<String> lines = new ArrayList<>(List.of(
                "fahren.postgres.isolation=database",
                "fahren.postgres.url=" + db.jdbcUrl(),
                "fahren.postgres.username=" + db.user(),
                "fahren.postgres.password=" + db.password(),
                "fahren.postgres.database.prefix=cli_",
                "fahren.postgres.database.revoke-public-connect=true",
                "fahren.postgres.registry-schema=fahren_cli",
                "fahren.migrations.locations=classpath:db/cli",
                "fahren.redis.isolation=acl",
                "fahren.redis.url=" + keyspace.uri(),
                "fahren.redis.acl.user-prefix=cli-" + RUN + "-",
                "fahren.redis.registry-key=fahren:tenants:cli" + RUN,
                "fahren.secrets.provider=file",
                "fahren.secrets.file.path=" + dir.resolve("secrets.json")));
        if (keyspace.server().adminUser() != null) {
            lines.add("fahren.redis.username=" + keyspace.server().adminUser());
        }
        if (keyspace.server().adminPassword() != null) {
            lines.add("fahren.redis.password=" + keyspace.server().adminPassword());
        }
        config = dir.resolve("app.properties");
        Files.write(config, lines);
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = FahrenCli.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("--config", config.toString()));
        all.addAll(List.of(args));
        int exit = line.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private String t(String name) {
        return name + "-" + RUN;
    }

    @Test
    void createListSuspendResumeRotateMigrateAndDeleteATenant() throws SQLException {
        String acme = t("acme");
        Run created = run("create", acme, "--attribute", "plan=pro");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains(acme + " ACTIVE {plan=pro}");
        assertThat(canLogIn("cli_" + acme)).isTrue();
        assertThat(run("create", t("globex")).exit()).isZero();

        assertThat(run("list", "--prefix", acme.substring(0, 4), "--attribute", "plan=pro").out())
                .contains(acme).doesNotContain(t("globex"));
        assertThat(run("show", t("globex")).out()).contains(t("globex") + " ACTIVE");
        assertThat(run("set-attributes", t("globex"), "--attribute", "plan=pro", "--attribute", "region=eu").out())
                .contains(t("globex") + " ACTIVE {plan=pro, region=eu}");

        assertThat(run("suspend", acme).out()).contains(acme + " SUSPENDED");
        assertThat(canLogIn("cli_" + acme)).isFalse();
        assertThat(run("list", "--state", "SUSPENDED").out()).contains(acme).doesNotContain(t("globex"));
        assertThat(run("resume", acme).out()).contains(acme + " ACTIVE");
        assertThat(canLogIn("cli_" + acme)).isTrue();

        String secretsBefore = secrets();
        assertThat(run("rotate", acme).exit()).isZero();
        assertThat(secrets()).isNotEqualTo(secretsBefore);
        Run all = run("rotate", "--all", "--prefix", "", "--parallelism", "2");
        assertThat(all.exit()).as(all.err()).isZero();
        assertThat(all.out()).contains("rotated").contains("tenants rotated");

        Run migrated = run("migrate", "--all");
        assertThat(migrated.exit()).as(migrated.err()).isZero();
        assertThat(run("migrate", acme).out()).contains(acme + ": 0 migrations applied");

        assertThat(run("delete", t("globex")).out()).contains("deleted");
        assertThat(run("delete", acme).exit()).isZero();
        assertThat(run("list", "--prefix", acme).out()).doesNotContain(acme);
    }

    @Test
    void badInputUnknownTenantsAndMissingConfigurationHaveTheirOwnExitCodes() throws IOException {
        Run invalid = run("create", "Robert'); DROP TABLE");
        assertThat(invalid.exit()).isEqualTo(FahrenCli.USAGE);
        assertThat(invalid.err()).contains("error: Invalid tenant id").contains("must match");

        Run unknown = run("suspend", t("nobody"));
        assertThat(unknown.exit()).isEqualTo(FahrenCli.FAILED);
        assertThat(unknown.err()).contains("does not exist");

        assertThat(run("rotate").exit()).isEqualTo(FahrenCli.USAGE);
        assertThat(run("frobnicate").exit()).isEqualTo(FahrenCli.USAGE);

        Files.write(config, List.of("fahren.postgres.isolation=database", "fahren.postgres.url=" + db.jdbcUrl()));
        Run misconfigured = run("list");
        assertThat(misconfigured.exit()).isEqualTo(FahrenCli.CONFIG);
        assertThat(misconfigured.err()).contains("fahren.postgres.username");

        Files.write(config, List.of("fahren.postgres.isolation=database"));
        Run nothing = run("list");
        assertThat(nothing.exit()).as("no registry but an empty one in memory: refused").isEqualTo(FahrenCli.CONFIG);
        assertThat(nothing.err()).contains("Neither fahren.postgres.url nor fahren.redis.url");

        config = dir.resolve("missing.properties");
        Run missing = run("list");
        assertThat(missing.exit()).isEqualTo(FahrenCli.CONFIG);
        assertThat(missing.err()).contains("missing.properties");
    }

    private String secrets() {
        try {
            return Files.readString(dir.resolve("secrets.json"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean canLogIn(String role) throws SQLException {
        try (Connection c = db.connect();
                PreparedStatement p = c.prepareStatement("SELECT rolcanlogin FROM pg_roles WHERE rolname = ?")) {
            p.setString(1, role);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
