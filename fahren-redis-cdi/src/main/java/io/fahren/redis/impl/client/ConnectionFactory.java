package io.fahren.redis.impl.client;

import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import redis.clients.jedis.Connection;

/** What the factories of Fahren's own connection pools share: plain wrapping, and a disconnect on destroy. */
public abstract class ConnectionFactory extends BasePooledObjectFactory<Connection> {

    @Override
    public PooledObject<Connection> wrap(Connection c) {
        return new DefaultPooledObject<>(c);
    }

    @Override
    public void destroyObject(PooledObject<Connection> p) {
        p.getObject().disconnect();
    }
}
