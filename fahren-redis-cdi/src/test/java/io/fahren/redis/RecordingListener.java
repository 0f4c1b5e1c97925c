package io.fahren.redis;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import redis.clients.jedis.JedisPubSub;

/** A Pub/Sub listener for isolation tests: counts subscriptions down and records every message it gets. */
public final class RecordingListener extends JedisPubSub {

    private final List<String> received;
    private final CountDownLatch subscribed;
    private final CountDownLatch got;

    /**
     * @param received where each message goes (channel or pattern)
     * @param subscribed counted down once per channel or pattern subscribed
     * @param got counted down on each channel message, or null
     */
    public RecordingListener(List<String> received, CountDownLatch subscribed, CountDownLatch got) {
        this.received = received;
        this.subscribed = subscribed;
        this.got = got;
    }

    @Override
    public void onSubscribe(String channel, int count) {
        subscribed.countDown();
    }

    @Override
    public void onPSubscribe(String pattern, int count) {
        subscribed.countDown();
    }

    @Override
    public void onMessage(String channel, String message) {
        received.add(message);
        if (got != null) {
            got.countDown();
        }
    }

    @Override
    public void onPMessage(String pattern, String channel, String message) {
        received.add(message);
    }
}
