package io.fahren.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the test class a flushed logical database on a real Redis server (see
 * {@link TestServers}). Declare a {@link RedisKeyspace} parameter to receive it.
 *
 * <pre>{@code
 * @WithRedis
 * class PrefixTest {
 *     @Test
 *     void isolates(RedisKeyspace redis) { ... }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(FahrenServersExtension.class)
public @interface WithRedis {
}
