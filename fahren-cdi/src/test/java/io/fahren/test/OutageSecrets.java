package io.fahren.test;

import io.fahren.secrets.SecretsUnavailableException;
import io.fahren.spi.Secret;
import io.fahren.spi.SecretsProvider;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A test stand-in for a secrets backend outage (no Vault server can be had on the build machine):
 * it passes every call to a real provider until {@link #down()}, and then fails every read, write
 * and delete with {@link SecretsUnavailableException}, as an unreachable Vault does, until
 * {@link #up()}. Test code only.
 */
public final class OutageSecrets implements SecretsProvider {

    private final SecretsProvider real;
    private final AtomicBoolean down = new AtomicBoolean();

    /** @param real the provider used while the backend is up */
    public OutageSecrets(SecretsProvider real) {
        this.real = real;
    }

    /** The backend becomes unreachable. */
    public void down() {
        down.set(true);
    }

    /** The backend is reachable again. */
    public void up() {
        down.set(false);
    }

    private void check(String path) {
        if (down.get()) {
            throw new SecretsUnavailableException("Secrets backend unreachable (simulated outage) for " + path,
                    new java.net.ConnectException("Connection refused"));
        }
    }

    @Override
    public Secret read(String path) {
        check(path);
        return real.read(path);
    }

    @Override
    public void write(String path, Secret secret) {
        check(path);
        real.write(path, secret);
    }

    @Override
    public void delete(String path) {
        check(path);
        real.delete(path);
    }
}
