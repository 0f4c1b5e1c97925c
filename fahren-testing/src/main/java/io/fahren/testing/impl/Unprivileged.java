package io.fahren.testing.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL refuses to run as root. When the build runs as root (CI containers do), server
 * commands are run as {@code nobody} through {@code setpriv}, and the files they own are handed
 * to that user.
 */
public final class Unprivileged {

    private static final String USER = "nobody";
    private static final String GROUP = "nogroup";
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private Unprivileged() {
    }

    public static boolean needed() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * @param command the command to run
     * @return the command, prefixed to drop root when needed
     */
    public static List<String> command(List<String> command) {
        if (!needed()) {
            return command;
        }
        if (!Files.isExecutable(SETPRIV)) {
            throw new IllegalStateException("PostgreSQL cannot run as root and " + SETPRIV + " (util-linux) is missing "
                    + "to drop privileges. Install util-linux, run the build as a non-root user, or point "
                    + "FAHREN_TEST_POSTGRES_URL at a running server.");
        }
        List<String> wrapped = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=65534", "--regid=65534",
                "--clear-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Gives a file or directory to the unprivileged user, when running as root.
     *
     * @param path the file
     * @throws IOException when the owner cannot be changed
     */
    public static void handOver(Path path) throws IOException {
        if (!needed()) {
            return;
        }
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(path, lookup.lookupPrincipalByName(USER));
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(GROUP);
        Files.getFileAttributeView(path, PosixFileAttributeView.class).setGroup(group);
    }
}
