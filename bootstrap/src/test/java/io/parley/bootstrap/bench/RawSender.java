package io.parley.bootstrap.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A sending client on a bare socket with TCP_NODELAY (as browsers do), whose replies are read and dropped by a
 * background thread so that they never back up.
 */
final class RawSender implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;

    RawSender(int port, String user, String conversation) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        NioReceivers.Handshake.perform(socket, user);
        out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        Thread.ofPlatform().daemon(true).name("sender-drain").start(() -> {
            byte[] sink = new byte[64 * 1024];
            try {
                while (in.read(sink) >= 0) {
                    // replies (acks, our own messages) are not needed
                }
            } catch (IOException ignored) {
                // closed
            }
        });
        send("{\"type\":\"join\",\"conversation\":\"" + conversation + "\"}");
    }

    void send(String text) throws IOException {
        out.write(Frames.maskedText(text));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
