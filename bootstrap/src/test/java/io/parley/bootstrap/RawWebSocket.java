package io.parley.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import io.parley.bootstrap.bench.Frames;

/**
 * A WebSocket client on a bare socket, for what well-behaved clients never do: stay silent, vanish without a
 * close frame, send frames byte by byte.
 */
final class RawWebSocket implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Opens a connection and completes the handshake, which must succeed. */
    static RawWebSocket open(int port, String query) throws IOException {
        return open(port, query, 0);
    }

    /**
     * Opens a connection whose socket receive buffer is {@code receiveBuffer} bytes (0: the system's), so that a
     * client that stops reading makes the server's writes stall soon.
     */
    static RawWebSocket open(int port, String query, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        RawWebSocket ws = new RawWebSocket(socket);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET /ws?" + query + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        ws.out.write(request.getBytes(StandardCharsets.US_ASCII));
        ws.out.flush();
        String head = ws.readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("handshake refused: " + head);
        }
        return ws;
    }

    /** Sends one masked text frame. */
    void sendText(String text) throws IOException {
        out.write(Frames.maskedText(text));
        out.flush();
    }

    /** Sends one masked frame with the first byte {@code first} (FIN, RSV, opcode) and {@code payload}. */
    void sendFrame(int first, byte[] payload) throws IOException {
        out.write(Frames.masked(first, payload));
        out.flush();
    }

    /** Reads frames until one with {@code opcode} arrives; returns its payload. */
    byte[] awaitFrame(int opcode, Duration wait) throws IOException {
        return read(wait, frame -> frame.opcode() == opcode ? frame.payload() : null, null);
    }

    /**
     * Reads frames until the server closes: returns the close frame's code, or -1 when the socket ended without
     * one. Fails when nothing ends within {@code wait}.
     */
    int awaitServerClose(Duration wait) throws IOException {
        return read(wait, frame -> frame.opcode() == 0x8 ? frame.closeCode() : null, -1);
    }

    /** Reads frames until a text frame containing {@code fragment} arrives; returns its text. */
    String awaitText(String fragment, Duration wait) throws IOException {
        return read(wait, frame -> frame.opcode() == 0x1 && frame.text().contains(fragment) ? frame.text() : null,
                null);
    }

    /** Reads frames until {@code until} answers one with a result; {@code atEnd} if the socket ends first. */
    private <T> T read(Duration wait, Function<Frame, T> until, T atEnd) {
        try {
            socket.setSoTimeout((int) wait.toMillis());
            while (true) {
                int first = in.read();
                if (first < 0) {
                    return atEnd;
                }
                int second = in.read();
                long length = second & 0x7F;
                if (length == 126) {
                    length = (in.read() << 8) | in.read();
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | in.read();
                    }
                }
                T result = until.apply(new Frame(first & 0x0F, in.readNBytes((int) length)));
                if (result != null) {
                    return result;
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not answer within " + wait);
        } catch (IOException e) {
            throw new AssertionError("reading failed", e);
        }
    }

    /** Sends a close frame (1000) and waits for the server's answer, then closes the socket. */
    void closeCleanly() throws IOException {
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        byte[] payload = {0x03, (byte) 0xE8};
        out.write(new byte[] {(byte) 0x88, (byte) (0x80 | payload.length), mask[0], mask[1], mask[2], mask[3],
                (byte) (payload[0] ^ mask[0]), (byte) (payload[1] ^ mask[1])});
        out.flush();
        awaitServerClose(Duration.ofSeconds(5));
        socket.close();
    }

    /** Vanishes: the socket is reset, no close frame is sent. */
    void dropAbruptly() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** One frame from the server (servers do not mask). */
    private record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }
    }
}
