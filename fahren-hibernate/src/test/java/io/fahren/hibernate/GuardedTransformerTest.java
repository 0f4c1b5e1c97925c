package io.fahren.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.spi.ClassTransformer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The guard around a provider's class transformer, with a transformer that does what Hibernate's
 * does in a class loader that transforms Hibernate's own classes: it loads a class while it runs,
 * and that load enters the transformer again.
 */
class GuardedTransformerTest {

    @Test
    void aClassLoadedWhileTransformingIsLeftAloneInsteadOfRecursing() throws Exception {
        List<String> transformed = new ArrayList<>();
        AtomicReference<ClassTransformer> guarded = new AtomicReference<>();
        ClassTransformer reentering = (loader, className, redefined, domain, bytes) -> {
            transformed.add(className);
            // the transformer's first use loads its helper, which the container offers to it again
            byte[] helper = guarded.get().transform(loader, "org/hibernate/Helper", null, null, new byte[] {1});
            assertThat(helper).as("the nested load is left untransformed").isNull();
            return new byte[] {42};
        };
        guarded.set(new ContainerUnits.GuardedTransformer(reentering));

        assertThat(guarded.get().transform(null, "com/example/Order", null, null, new byte[] {0})).containsExactly(42);
        assertThat(guarded.get().transform(null, "com/example/Customer", null, null, new byte[] {0})).containsExactly(42);
        assertThat(transformed).as("every top-level class reaches the provider; no nested one does")
                .containsExactly("com/example/Order", "com/example/Customer");
    }

    @Test
    void theGuardIsReleasedWhenTheTransformerFails() throws Exception {
        ClassTransformer guarded = new ContainerUnits.GuardedTransformer((loader, className, redefined, domain, bytes) -> {
            if (className.equals("Bad")) {
                throw new IllegalStateException("broken class");
            }
            return new byte[] {7};
        });
        try {
            guarded.transform(null, "Bad", null, null, new byte[0]);
        } catch (IllegalStateException expected) {
            // the provider's failure is the container's to report
        }
        assertThat(guarded.transform(null, "Good", null, null, new byte[0])).containsExactly(7);
    }
}
