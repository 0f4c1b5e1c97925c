/**
 * {@code StrategyEngine}, the implementation behind {@link io.fahren.redis.Redis}. Private to
 * fahren-redis-cdi; it may change in any release.
 */
package io.fahren.redis.impl;
