package io.fahren.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of PostgreSQL that counts round trips: a round trip begins each time a
 * client sends bytes after the server last spoke on that connection (or first). A pipelined batch
 * of messages sent in one go (Parse, Bind, Execute, Sync) is one; a statement that waits for the
 * answer to the one before is another. For the benchmark only.
 */
final class RoundTripProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final String host;
    private final int port;
    private final AtomicLong roundTrips = new AtomicLong();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /**
     * @param jdbcUrl the server's URL, {@code jdbc:postgresql://host:port/database}
     * @throws IOException when no local port can be opened
     */
    RoundTripProxy(String jdbcUrl) throws IOException {
        URI target = URI.create(jdbcUrl.substring("jdbc:".length()));
        this.host = target.getHost();
        this.port = target.getPort();
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "round-trip-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * @param jdbcUrl a URL of the proxied server
     * @return the same URL through this proxy
     */
    String url(String jdbcUrl) {
        URI target = URI.create(jdbcUrl.substring("jdbc:".length()));
        return "jdbc:postgresql://127.0.0.1:" + listener.getLocalPort() + target.getRawPath()
                + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
    }

    /** @return round trips since the last {@link #reset()} */
    long roundTrips() {
        return roundTrips.get();
    }

    void reset() {
        roundTrips.set(0);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(host, port);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                AtomicBoolean serverSpokeLast = new AtomicBoolean(true);
                pump(client, server, () -> {
                    if (serverSpokeLast.getAndSet(false)) {
                        roundTrips.incrementAndGet();
                    }
                });
                pump(server, client, () -> serverSpokeLast.set(true));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void pump(Socket from, Socket to, Runnable onData) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[65536];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    onData.run();
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // a side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "round-trip-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(RoundTripProxy::closeQuietly);
    }
}
