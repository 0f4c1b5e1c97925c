/**
 * Tenant clients ({@code TenantJedis}), the tenant key space ({@code TenantKeyspace}), the
 * management login ({@code RedisAdmin}) and what the strategies share. Private to fahren-redis-
 * cdi.
 */
package io.fahren.redis.impl.client;
