package io.parley.adapter.out.persistence.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback in front of a database, for tests. Paused, it is a network black hole: it keeps every
 * socket open and accepts new ones, but forwards nothing in either direction (what arrives waits); resumed, it
 * forwards what waited and goes on. A side that closes closes the other once the proxy forwards again. Refusing,
 * it is a database that went away: it cuts every connection and each new one at once.
 */
final class PausableProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Object gate = new Object();
    private boolean paused;
    private volatile boolean refusing;

    private PausableProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("proxy-accept").start(this::acceptAll);
    }

    /** A proxy to {@code host:port}, forwarding. */
    static PausableProxy to(String host, int port) throws IOException {
        return new PausableProxy(new InetSocketAddress(host, port));
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    void pause() {
        synchronized (gate) {
            paused = true;
        }
    }

    /** Cuts every connection, and each new one as soon as it is accepted, until {@link #resume()}. */
    void refuse() throws IOException {
        refusing = true;
        closeAll();
    }

    /** Forwards again (and what waited). */
    void resume() {
        refusing = false;
        synchronized (gate) {
            paused = false;
            gate.notifyAll();
        }
    }

    @Override
    public void close() throws IOException {
        resume();
        listener.close();
        closeAll();
    }

    private void closeAll() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void acceptAll() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                accepted.incrementAndGet();
                if (refusing) {
                    client.close();
                    continue;
                }
                Socket server = new Socket();
                sockets.add(client);
                sockets.add(server);
                server.connect(target);
                Thread.ofVirtual().start(() -> pump(client, server));
                Thread.ofVirtual().start(() -> pump(server, client));
            } catch (IOException e) {
                // the listener closed, or the target refused: the client sees its socket closed
            }
        }
    }

    /** Copies {@code from} to {@code to}, holding each chunk while paused; closes both at the end. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                awaitForwarding();
                out.write(buffer, 0, read);
                out.flush();
            }
            awaitForwarding();
        } catch (IOException | InterruptedException e) {
            // one side went away: closing both tells the other
        }
        sockets.remove(from);
        sockets.remove(to);
    }

    private void awaitForwarding() throws InterruptedException {
        synchronized (gate) {
            while (paused) {
                gate.wait();
            }
        }
    }
}
