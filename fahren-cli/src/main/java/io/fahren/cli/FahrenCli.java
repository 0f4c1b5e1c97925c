package io.fahren.cli;

import io.fahren.BulkProgress;
import io.fahren.FahrenConfigurationException;
import io.fahren.InvalidTenantIdException;
import io.fahren.Tenant;
import io.fahren.TenantAlreadyExistsException;
import io.fahren.TenantManagement;
import io.fahren.TenantPage;
import io.fahren.TenantQuery;
import io.fahren.TenantState;
import io.fahren.UnknownTenantException;
import io.fahren.flyway.MigrationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The tenant operations from the command line, for operators without HTTP access, against the
 * application's own configuration (environment, system properties, {@code --config} file):
 *
 * <pre>
 * java -jar fahren-cli.jar --config app.properties create acme --attribute plan=pro
 * java -jar fahren-cli.jar list --state ACTIVE --attribute plan=pro
 * java -jar fahren-cli.jar set-attributes acme --attribute plan=enterprise
 * java -jar fahren-cli.jar suspend acme
 * java -jar fahren-cli.jar resume acme
 * java -jar fahren-cli.jar rotate acme
 * java -jar fahren-cli.jar rotate --all --parallelism 4
 * java -jar fahren-cli.jar migrate --all
 * java -jar fahren-cli.jar delete acme
 * </pre>
 *
 * Exit codes: {@value #OK} done; {@value #FAILED} the operation failed (or some tenants of a bulk
 * run did); {@value #USAGE} wrong arguments or input (an invalid tenant id, say); {@value #CONFIG}
 * the configuration is missing or wrong.
 */
@Command(name = "fahren", mixinStandardHelpOptions = true, version = "fahren-cli 0.1.0",
        description = "Creates, lists, suspends, resumes, rotates, migrates and deletes tenants, with the "
                + "application's own Fahren configuration.",
        subcommands = {FahrenCli.Create.class, FahrenCli.Delete.class, FahrenCli.ListTenants.class,
            FahrenCli.Show.class, FahrenCli.SetAttributes.class, FahrenCli.Suspend.class, FahrenCli.Resume.class, FahrenCli.Rotate.class,
            FahrenCli.Migrate.class})
public final class FahrenCli {

    /** Done. */
    public static final int OK = 0;
    /** The operation failed, or some tenants of a bulk run did. */
    public static final int FAILED = 1;
    /** Wrong arguments or input. */
    public static final int USAGE = 2;
    /** The configuration is missing or wrong. */
    public static final int CONFIG = 3;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file with the application's fahren.* keys (environment variables and system "
                    + "properties override it).")
    Path config;

    @Spec
    CommandSpec spec;

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        QUIET.setLevel(Level.WARNING); // Weld's start-up lines are noise on a terminal
        System.exit(commandLine().execute(args));
    }

    /** Held so the level stays set (the logging framework keeps loggers weakly). */
    private static final Logger QUIET = Logger.getLogger("org.jboss.weld");

    /** @return the command line, with Fahren's exit codes and messages */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new FahrenCli());
        line.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("error: " + e.getMessage());
            return exitCode(e);
        });
        return line;
    }

    static int exitCode(Exception e) {
        if (e instanceof FahrenConfigurationException) {
            return CONFIG;
        }
        if (e instanceof InvalidTenantIdException || e instanceof IllegalArgumentException) {
            return USAGE;
        }
        return FAILED;
    }

    /** Runs one operation on a started Fahren and prints its outcome. */
    abstract static class Operation implements Callable<Integer> {

        @ParentCommand
        FahrenCli cli;

        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        @Override
        public Integer call() {
            try (CliRuntime runtime = new CliRuntime(cli.config, listeners())) {
                return run(runtime);
            }
        }

        Class<?>[] listeners() {
            return new Class<?>[0];
        }

        abstract int run(CliRuntime runtime);

        void print(Tenant tenant) {
            out().println(tenant.id() + " " + tenant.state() + (tenant.attributes().isEmpty() ? "" : " " + tenant.attributes()));
        }
    }

    @Command(name = "create", description = "Provisions a tenant in every configured resource.")
    static final class Create extends Operation {
        @Parameters(paramLabel = "ID", description = "The tenant id.")
        String id;

        @Option(names = "--attribute", paramLabel = "KEY=VALUE", description = "An attribute (repeatable).")
        Map<String, String> attributes = new LinkedHashMap<>();

        @Override
        int run(CliRuntime runtime) {
            try {
                print(runtime.management().createTenant(id, attributes));
                return OK;
            } catch (TenantAlreadyExistsException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return FAILED;
            }
        }
    }

    @Command(name = "delete", description = "Removes a tenant from every resource; nothing to do for an unknown one.")
    static final class Delete extends Operation {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        int run(CliRuntime runtime) {
            runtime.management().deleteTenant(id);
            out().println(id + " deleted");
            return OK;
        }
    }

    /** An operation on one tenant that answers with the tenant. */
    abstract static class OneTenant extends Operation {
        @Parameters(paramLabel = "ID", description = "The tenant id.")
        String id;

        abstract Tenant apply(TenantManagement management, String tenantId);

        @Override
        int run(CliRuntime runtime) {
            print(apply(runtime.management(), id));
            return OK;
        }
    }

    @Command(name = "show", description = "Shows one tenant.")
    static final class Show extends OneTenant {
        @Override
        Tenant apply(TenantManagement management, String tenantId) {
            return management.find(tenantId).orElseThrow(() ->
                    new UnknownTenantException(io.fahren.TenantId.of(tenantId), "Tenant '" + tenantId + "' does not exist."));
        }
    }

    @Command(name = "list", description = "Lists tenants, page by page, ordered by id.")
    static final class ListTenants extends Operation {
        @Option(names = "--state", description = "Only tenants in this state (repeatable).")
        List<TenantState> states = List.of();

        @Option(names = "--prefix", description = "Only ids starting with this.")
        String prefix;

        @Option(names = "--attribute", paramLabel = "KEY=VALUE", description = "Only tenants with this attribute value (repeatable).")
        Map<String, String> attributes = new LinkedHashMap<>();

        @Option(names = "--limit", description = "At most this many tenants (all by default).")
        Integer limit;

        @Override
        int run(CliRuntime runtime) {
            TenantQuery query = query(states, prefix, attributes);
            int printed = 0;
            while (true) {
                TenantPage page = runtime.management().list(query);
                for (Tenant tenant : page.tenants()) {
                    if (limit != null && printed >= limit) {
                        return OK;
                    }
                    print(tenant);
                    printed++;
                }
                if (page.next().isEmpty()) {
                    return OK;
                }
                query = query.after(page.next().get());
            }
        }
    }

    static TenantQuery query(List<TenantState> states, String prefix, Map<String, String> attributes) {
        TenantQuery query = TenantQuery.all().limit(TenantQuery.MAX_LIMIT).withIdPrefix(prefix)
                .inStates(states.toArray(TenantState[]::new));
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            query = query.withAttribute(attribute.getKey(), attribute.getValue());
        }
        return query;
    }

    @Command(name = "set-attributes", description = "Replaces a tenant's attributes (none given: removes them all).")
    static final class SetAttributes extends OneTenant {
        @Option(names = "--attribute", paramLabel = "KEY=VALUE", description = "An attribute (repeatable).")
        Map<String, String> attributes = new LinkedHashMap<>();

        @Override
        Tenant apply(TenantManagement management, String tenantId) {
            return management.updateAttributes(tenantId, attributes);
        }
    }

    @Command(name = "suspend", description = "Suspends a tenant: refused, its logins off, its data kept.")
    static final class Suspend extends OneTenant {
        @Override
        Tenant apply(TenantManagement management, String tenantId) {
            return management.suspendTenant(tenantId);
        }
    }

    @Command(name = "resume", description = "Resumes a suspended tenant.")
    static final class Resume extends OneTenant {
        @Override
        Tenant apply(TenantManagement management, String tenantId) {
            return management.resumeTenant(tenantId);
        }
    }

    @Command(name = "rotate", description = "Rotates the credentials of one tenant, or of many with --all.")
    static final class Rotate extends Operation {
        @Parameters(paramLabel = "ID", arity = "0..1", description = "The tenant; leave out with --all.")
        String id;

        @Option(names = "--all", description = "Every tenant (narrowed by --state, --prefix, --attribute).")
        boolean all;

        @Option(names = "--state", description = "With --all: only tenants in this state (repeatable).")
        List<TenantState> states = List.of();

        @Option(names = "--prefix", description = "With --all: only ids starting with this.")
        String prefix;

        @Option(names = "--attribute", paramLabel = "KEY=VALUE", description = "With --all: only tenants with this attribute value.")
        Map<String, String> attributes = new LinkedHashMap<>();

        @Option(names = "--parallelism", defaultValue = "4", description = "With --all: tenants at once (default ${DEFAULT-VALUE}).")
        int parallelism;

        @Override
        int run(CliRuntime runtime) {
            if (all == (id != null)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Give either a tenant id or --all.");
            }
            TenantManagement management = runtime.management();
            if (!all) {
                print(management.rotateCredentials(id));
                return OK;
            }
            BulkProgress done = management.rotateCredentials(query(states, prefix, attributes), parallelism,
                    progress -> report("rotated", progress.done(), progress.total(), progress.failures().size()));
            return finish(done.failures(), done.succeeded(), done.total());
        }

        private void report(String what, int done, int total, int failed) {
            if (done == total || done % 10 == 0) {
                out().println(what + " " + done + "/" + total + ", " + failed + " failed");
                out().flush();
            }
        }

        private int finish(Map<String, String> failures, int succeeded, int total) {
            failures.forEach((tenant, why) -> spec.commandLine().getErr().println("failed: " + tenant + ": " + why));
            out().println(succeeded + " of " + total + " tenants rotated");
            return failures.isEmpty() ? OK : FAILED;
        }
    }

    @Command(name = "migrate", description = "Migrates one tenant's schema, or every ACTIVE tenant's with --all.")
    static final class Migrate extends Operation {
        @Parameters(paramLabel = "ID", arity = "0..1")
        String id;

        @Option(names = "--all", description = "Every ACTIVE tenant, fahren.migrations.parallelism at once.")
        boolean all;

        @Override
        Class<?>[] listeners() {
            return new Class<?>[] {MigrationPrinter.class};
        }

        @Override
        int run(CliRuntime runtime) {
            if (all == (id != null)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Give either a tenant id or --all.");
            }
            MigrationPrinter.to(out());
            try {
                if (!all) {
                    int applied = runtime.migrations().migrate(id);
                    out().println(id + ": " + applied + " migrations applied");
                    return OK;
                }
                MigrationReport report = runtime.migrations().migrateAll();
                out().println(report);
                return report.failed().isEmpty() ? OK : FAILED;
            } finally {
                MigrationPrinter.to(null);
            }
        }
    }
}
