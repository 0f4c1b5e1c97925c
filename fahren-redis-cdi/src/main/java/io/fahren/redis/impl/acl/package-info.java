/**
 * ACL isolation: an ACL user per tenant, with per-tenant pools or one shared pool that logs in
 * per use. Private to fahren-redis-cdi.
 */
package io.fahren.redis.impl.acl;
