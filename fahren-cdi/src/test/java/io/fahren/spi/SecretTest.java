package io.fahren.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void toStringNamesFieldsButNeverValues() {
        Secret secret = Secret.of(Map.of("username", "tenant_acme", "password", "s3cr3t-Value-0123456789"));
        assertThat(secret.toString())
                .contains("username", "password", "redacted")
                .doesNotContain("tenant_acme", "s3cr3t");
        assertThat(secret.get("password")).contains("s3cr3t-Value-0123456789");
    }

    @Test
    void isImmutableAndRejectsNulls() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("password", "x");
        Secret secret = Secret.of(fields);
        fields.put("password", "changed");
        assertThat(secret.get("password")).contains("x");
        assertThatThrownBy(() -> secret.asMap().put("a", "b")).isInstanceOf(UnsupportedOperationException.class);
        fields.put("password", null);
        assertThatThrownBy(() -> Secret.of(fields)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("password");
    }
}
