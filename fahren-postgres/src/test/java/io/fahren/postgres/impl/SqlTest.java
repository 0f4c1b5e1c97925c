package io.fahren.postgres.impl;

import io.fahren.postgres.impl.sql.Sql;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The quoting helpers, where a test needs no server. */
class SqlTest {

    @Test
    void aDollarQuoteTagNeverOccursInTheBody() {
        assertThat(Sql.dollarQuoted(" BEGIN RETURN true; END ")).isEqualTo("$fahren$ BEGIN RETURN true; END $fahren$");
        String hostile = " SELECT 1 FROM " + Sql.qualified("x$fahren$; DROP TABLE t; $fahren$", "t") + " ";
        String quoted = Sql.dollarQuoted(hostile);
        String tag = quoted.substring(0, quoted.indexOf('$', 1) + 1);
        assertThat(tag).isNotEqualTo("$fahren$");
        assertThat(quoted).startsWith(tag).endsWith(tag);
        assertThat(quoted.substring(tag.length(), quoted.length() - tag.length())).isEqualTo(hostile)
                .doesNotContain(tag);
    }
}
