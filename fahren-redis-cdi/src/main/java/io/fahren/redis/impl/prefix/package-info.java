/**
 * Prefix isolation: one shared ACL user limited to the tenant key space, Jedis's key pre-
 * processor, and the shared pool. Private to fahren-redis-cdi.
 */
package io.fahren.redis.impl.prefix;
