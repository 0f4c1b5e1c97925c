/**
 * The ACL rules and passwords Fahren gives Redis users. A leaf: it uses nothing of {@code
 * io.fahren.redis}. Private to fahren-redis-cdi.
 */
package io.fahren.redis.impl.rules;
