package io.fahren.tenantid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fahren.FahrenConfigurationException;
import io.fahren.InvalidTenantIdException;
import io.fahren.TenantId;
import io.fahren.TenantIdPolicy;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TenantIdTest {

    private static final Pattern DEFAULT = Pattern.compile(TenantId.DEFAULT_PATTERN);
    private static final Pattern SAFE = Pattern.compile(TenantIdPolicy.SAFETY_RULE);

    @ParameterizedTest
    @ValueSource(strings = {"acme", "a", "0", "tenant_1", "t-2", "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrst"})
    void acceptsIdsMatchingTheDefaultPattern(String raw) {
        assertThat(TenantId.of(raw).value()).isEqualTo(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Acme", "_acme", "-acme", "ac me", "acme'", "ac\"me", "a*", "a?", "a[1]", "a\\b",
        "tenant:1", "a;b", "a\u0000", "ACME", "\u00e9cole", "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstu"})
    void rejectsIdsOutsideTheDefaultPattern(String raw) {
        assertThatThrownBy(() -> TenantId.of(raw))
                .isInstanceOf(InvalidTenantIdException.class)
                .hasMessageContaining(TenantId.DEFAULT_PATTERN)
                .hasMessageContaining("fahren.tenant.id-pattern");
    }

    @Test
    void nullIsRejectedWithAClearMessage() {
        assertThatThrownBy(() -> TenantId.of(null))
                .isInstanceOf(InvalidTenantIdException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void messageEscapesHostileInput() {
        String hostile = "<script>alert('x')</script>\n\u202e" + "x".repeat(500);
        InvalidTenantIdException e = (InvalidTenantIdException) catchThrowable(() -> TenantId.of(hostile));
        assertThat(e.getMessage())
                .doesNotContain("<script>", "'x'", "\n", "\u202e")
                .contains("\\u003cscript\\u003e", "\\u202e", "more characters");
        assertThat(e.getMessage().length()).isLessThan(400);
        assertThat(e.rule()).isEqualTo(TenantId.DEFAULT_PATTERN);
    }

    @Test
    void constructorEnforcesTheSafetyRuleEvenWithoutThePattern() {
        assertThat(new TenantId("Acme").value()).isEqualTo("Acme");
        assertThatThrownBy(() -> new TenantId("a'; drop table x; --"))
                .isInstanceOf(InvalidTenantIdException.class)
                .hasMessageContaining(TenantIdPolicy.SAFETY_RULE);
    }

    @ParameterizedTest
    @ValueSource(strings = {".*", ".+", "[a-z ]+", "[^x]+", "\\S+", "[a-z*]+", "[a-z?]+", "[a-z\\[\\]]+",
        "[a-z\\\\]+", "[a-z']+", "[a-z\"]+", "\\p{Alnum}[\\p{Graph}]*", "[a-z:]+", "[a-z\\t]+", "\\w+\\W?\\w*"})
    void configuredPatternAdmittingForbiddenCharactersIsRefused(String regex) {
        assertThatThrownBy(() -> TenantIdPolicy.fromPattern(regex))
                .isInstanceOf(FahrenConfigurationException.class)
                .hasMessageContaining("fahren.tenant.id-pattern")
                .hasMessageContaining("admits forbidden characters");
    }

    @Test
    void configuredPatternThatDoesNotCompileIsRefused() {
        assertThatThrownBy(() -> TenantIdPolicy.fromPattern("[a-z"))
                .isInstanceOf(FahrenConfigurationException.class)
                .hasMessageContaining("not a valid regular expression");
    }

    @Test
    void configuredPatternCanNarrowButNeverWidenTheSafetyRule() {
        TenantIdPolicy policy = TenantIdPolicy.fromPattern("[A-Za-z][A-Za-z0-9-]{2,80}");
        assertThat(policy.parse("Acme-1").value()).isEqualTo("Acme-1");
        assertThatThrownBy(() -> policy.parse("ab")).isInstanceOf(InvalidTenantIdException.class);
        assertThatThrownBy(() -> policy.parse("A" + "b".repeat(60)))
                .isInstanceOf(InvalidTenantIdException.class)
                .hasMessageContaining(TenantIdPolicy.SAFETY_RULE);
    }

    @Test
    void fuzzedInputIsEitherSafeOrRejectedWithInvalidTenantIdException() {
        Random random = new Random(20261126L);
        String alphabet = "abcxyz0189_-ABZ'\"`\\*?[]:; \t\n\r\u0000\u007f\u00e9\u00df\u0130\u212a\u202e\u2028\u3000\ud83d\ude00.%/$";
        int accepted = 0;
        for (int i = 0; i < 10_000; i++) {
            StringBuilder raw = new StringBuilder();
            int length = random.nextInt(201);
            for (int j = 0; j < length; j++) {
                raw.append(random.nextInt(4) == 0
                        ? (char) random.nextInt(0x3000)
                        : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (i % 3 == 0 && length > 0) {
                raw.setLength(Math.min(length, 1 + random.nextInt(60)));
                raw.replace(0, raw.length(), raw.toString().replaceAll("[^a-z0-9_-]", "a"));
            }
            String candidate = raw.toString();
            try {
                TenantId id = TenantId.of(candidate);
                assertThat(id.value()).isEqualTo(candidate).matches(DEFAULT).matches(SAFE);
                accepted++;
            } catch (InvalidTenantIdException expected) {
                assertThat(DEFAULT.matcher(candidate).matches()).as("rejected %s", candidate).isFalse();
            }
        }
        assertThat(accepted).as("the fuzzer must exercise the accepting path too").isGreaterThan(1000);
    }
}
