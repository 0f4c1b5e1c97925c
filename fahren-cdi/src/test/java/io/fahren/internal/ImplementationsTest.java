package io.fahren.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fahren.FahrenConfigurationException;
import org.junit.jupiter.api.Test;

/** How a module's entry points find their implementation, and what they say when it is missing. */
class ImplementationsTest {

    /** A seam nothing implements. */
    public interface Unimplemented {
    }

    /** A seam the test class path registers one implementation of. */
    public interface Seam {
    }

    /** Registered in {@code META-INF/services/io.fahren.internal.ImplementationsTest$Seam}. */
    public static final class Registered implements Seam {
    }

    @Test
    void aMissingServiceFileIsNamedWithItsFix() {
        assertThatThrownBy(() -> Implementations.load(Unimplemented.class))
                .isInstanceOf(FahrenConfigurationException.class)
                .hasMessageContaining("META-INF/services/" + Unimplemented.class.getName())
                .hasMessageContaining("ServicesResourceTransformer");
    }

    @Test
    void findsTheRegisteredImplementation() {
        assertThat(Implementations.load(Seam.class)).isInstanceOf(Registered.class);
    }
}
