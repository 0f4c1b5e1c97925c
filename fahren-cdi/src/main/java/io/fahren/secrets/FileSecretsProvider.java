package io.fahren.secrets;

import io.fahren.internal.Exclusive;
import io.fahren.spi.Secret;
import io.fahren.spi.SecretsProvider;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

/**
 * Secrets in one local JSON file, <strong>for development only</strong>: the values are stored in
 * clear text, protected by the file mode alone.
 *
 * <ul>
 *   <li>The file is a JSON object from path to an object of fields.</li>
 *   <li>Every change writes a new temporary file with mode 0600 in the same directory, forces it
 *       to disk, and renames it over the old file atomically. A crash at any point leaves either
 *       the old or the new content, never a torn file.</li>
 *   <li>Changes from threads of one JVM are serialized, so concurrent writers lose nothing.</li>
 * </ul>
 *
 * <pre>{@code
 * SecretsProvider secrets = new FileSecretsProvider(Path.of("target/dev-secrets.json"));
 * }</pre>
 */
public final class FileSecretsProvider implements SecretsProvider {

    /** One lock per file, so two providers on the same file in one JVM do not overwrite each other. */
    private static final ConcurrentMap<Path, Exclusive> LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final Exclusive lock;
    private final Runnable beforeRename;

    /**
     * @param file the JSON file; it is created on the first write
     */
    public FileSecretsProvider(Path file) {
        this(file, () -> { });
    }

    /** For crash tests: {@code beforeRename} runs after the temporary file is written. */
    FileSecretsProvider(Path file, Runnable beforeRename) {
        this.file = file.toAbsolutePath().normalize();
        this.lock = LOCKS.computeIfAbsent(this.file, f -> new Exclusive());
        this.beforeRename = beforeRename;
    }

    @Override
    public Secret read(String path) {
        JsonValue value = lock.call(() -> load().get(path));
        if (value == null) {
            throw new SecretNotFoundException(path, "No secret at " + path + " in the secrets file " + file
                    + ". Was the tenant provisioned?");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new SecretsUnavailableException("The entry for " + path + " in the secrets file " + file
                    + " is not a JSON object. Fix or delete the entry (fahren.secrets.file.path).", null);
        }
        return SecretJson.fromJsonObject(value.asJsonObject(), path);
    }

    @Override
    public void write(String path, Secret secret) {
        update(all -> {
            all.put(path, SecretJson.toJsonObject(secret));
            return all;
        });
    }

    @Override
    public void delete(String path) {
        update(all -> {
            all.remove(path);
            return all;
        });
    }

    private Map<String, JsonValue> load() {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                JsonReader json = Json.createReader(reader)) {
            return new TreeMap<>(json.readObject());
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        } catch (IOException e) {
            throw new SecretsUnavailableException("The secrets file " + file + " cannot be read (" + e.getClass()
                    .getSimpleName() + "). Check fahren.secrets.file.path and the file's owner.", e);
        } catch (JsonException | IllegalStateException e) {
            // The parser's message may quote the file's content: leave it out.
            throw new SecretsUnavailableException("The secrets file " + file + " is not a JSON object. Restore it "
                    + "or delete it (fahren.secrets.file.path).", null);
        }
    }

    private void update(UnaryOperator<Map<String, JsonValue>> change) {
        lock.run(() -> replaceFile(change.apply(load())));
    }

    private void replaceFile(Map<String, JsonValue> all) {
        JsonObjectBuilder builder = Json.createObjectBuilder();
        all.forEach(builder::add);
        JsonObject content = builder.build();
        Path temp = null;
        try {
            Path directory = file.getParent();
            Files.createDirectories(directory);
            temp = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(content.toString().getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            beforeRename.run();
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new SecretsUnavailableException("The file system of " + file + " cannot rename atomically; "
                        + "put the secrets file on a local file system (fahren.secrets.file.path).", e);
            }
            temp = null;
        } catch (IOException e) {
            throw new SecretsUnavailableException("The secrets file " + file + " cannot be written (" + e.getClass()
                    .getSimpleName() + "). Check fahren.secrets.file.path and the directory's permissions.", e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // a stray temporary file holds no more than the real one; the next write retries
            }
        }
    }

    @Override
    public String toString() {
        return "FileSecretsProvider[" + file + "]";
    }
}
