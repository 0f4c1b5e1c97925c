/**
 * {@code RedisConfigKey}, where every {@code fahren.redis.*} key and its default is written once.
 * A leaf. Private to fahren-redis-cdi.
 */
package io.fahren.redis.impl.config;
