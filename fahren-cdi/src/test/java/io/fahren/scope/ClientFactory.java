package io.fahren.scope;

import io.fahren.TenantScoped;
import io.fahren.Tenants;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Produces a tenant-scoped client and records when its disposer runs. */
@ApplicationScoped
public class ClientFactory {

    /** The tenant of each disposed client. */
    public static final List<String> DISPOSED = new CopyOnWriteArrayList<>();

    /** A per-tenant client, like a connection pool. */
    public static class Client {
        private final String tenant;

        /** Needed for the client proxy. */
        protected Client() {
            this(null);
        }

        Client(String tenant) {
            this.tenant = tenant;
        }

        public String tenant() {
            return tenant;
        }
    }

    @Produces
    @TenantScoped
    Client open() {
        return new Client(Tenants.require().value());
    }

    void close(@Disposes Client client) {
        DISPOSED.add(client.tenant());
    }
}
