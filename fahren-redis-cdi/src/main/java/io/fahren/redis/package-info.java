/**
 * Redis isolation: {@code Redis}, {@code RedisManagement}, {@code RedisTenants}, the options and
 * the Redis registry.
 */
package io.fahren.redis;
