package io.fahren.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the test class a fresh database on a real PostgreSQL server (see {@link TestServers} for
 * where the server comes from). Declare a {@link PostgresDatabase} parameter to receive it.
 *
 * <pre>{@code
 * @WithPostgres
 * class RlsTest {
 *     @BeforeAll
 *     static void schema(PostgresDatabase db) throws SQLException { ... }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(FahrenServersExtension.class)
public @interface WithPostgres {
}
