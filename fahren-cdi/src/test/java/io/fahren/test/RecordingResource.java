package io.fahren.test;

import io.fahren.TenantId;
import io.fahren.spi.TenantResource;
import jakarta.inject.Inject;

/**
 * A test {@link TenantResource} that records each call in the {@link Journal}. It is an
 * implementation of Fahren's own SPI, not a stand-in for a server.
 */
public abstract class RecordingResource implements TenantResource {

    @Inject
    Journal journal;

    @Override
    public void provision(TenantId tenantId) {
        journal.record(name() + ".provision:" + tenantId);
    }

    @Override
    public void deprovision(TenantId tenantId) {
        journal.record(name() + ".deprovision:" + tenantId);
    }

    @Override
    public void suspend(TenantId tenantId) {
        journal.record(name() + ".suspend:" + tenantId);
    }

    @Override
    public void resume(TenantId tenantId) {
        journal.record(name() + ".resume:" + tenantId);
    }

    @Override
    public void rotateCredentials(TenantId tenantId) {
        journal.record(name() + ".rotate:" + tenantId);
    }
}
