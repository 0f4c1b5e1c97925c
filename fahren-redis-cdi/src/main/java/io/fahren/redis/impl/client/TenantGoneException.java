package io.fahren.redis.impl.client;

import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A tenant client may not have a connection any more: it was closed, or its tenant deleted. A
 * {@link JedisConnectionException}, as applications already expect from a closed client, but one
 * that a retry must never get past.
 */
public final class TenantGoneException extends JedisConnectionException {

    private static final long serialVersionUID = 1L;

    /** @param message what was closed or deleted, and what to do */
    public TenantGoneException(String message) {
        super(message);
    }
}
