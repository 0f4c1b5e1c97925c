package io.fahren.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.TenantId;
import org.junit.jupiter.api.Test;

/** Finding a module's portable extensions as a container would, and refusing a module without one. */
class FahrenExtensionsTest {

    @Test
    void findsTheExtensionFahrenCdiRegisters() {
        assertThat(FahrenExtensions.of(TenantId.class))
                .singleElement()
                .satisfies(extension -> assertThat(extension.getClass().getProtectionDomain().getCodeSource())
                        .isEqualTo(TenantId.class.getProtectionDomain().getCodeSource()));
    }

    @Test
    void aModuleThatRegistersNoExtensionIsNamed() {
        // fahren-testing itself registers none
        assertThatThrownBy(() -> FahrenExtensions.of(TestServers.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(TestServers.class.getName())
                .hasMessageContaining("META-INF/services/jakarta.enterprise.inject.spi.Extension");
    }
}
