package io.fahren.cli;

import io.fahren.flyway.MigrationProgress;
import jakarta.enterprise.event.Observes;
import java.io.PrintWriter;

/**
 * Prints the progress a {@code migrate --all} run fires, as it comes. A bean of the command's own
 * Weld container; the command names where to print.
 */
public class MigrationPrinter {

    private static volatile PrintWriter out;

    static void to(PrintWriter target) {
        out = target;
    }

    void print(@Observes MigrationProgress progress) {
        PrintWriter target = out;
        if (target != null) {
            target.println(progress);
            target.flush();
        }
    }
}
