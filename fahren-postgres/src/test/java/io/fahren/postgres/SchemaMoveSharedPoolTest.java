package io.fahren.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * {@link SchemaMoveContract} with a shared pool per server, and the fence of the old copy: a
 * connection the tenant held on the old server across the whole move cannot write there any more.
 */
class SchemaMoveSharedPoolTest extends SchemaMoveContract {

    @Override
    boolean perTenantLogins() {
        return false;
    }

    @Test
    void aConnectionHeldOnTheOldServerAcrossTheMoveCannotWriteTheOldCopy() throws Exception {
        String tenant = "mh-" + run;
        seed(tenant);
        try (Connection held = tenants.connection(tenant); Statement s = held.createStatement()) {
            s.execute("INSERT INTO items (name) VALUES ('before the move')");
            postgres.moveTenant(tenant, "west");
            assertThatThrownBy(() -> s.execute("INSERT INTO items (name) VALUES ('lost on the old copy')"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeQuery("SELECT count(*) FROM items")).hasMessageContaining("permission denied");
        }
        assertThat(tenants.queryAs(tenant, "SELECT count(*) AS n FROM items").get(0))
                .as("the row written before the move came along").containsEntry("n", 501L);
    }
}
