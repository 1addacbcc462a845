package io.parley.adapter.in.websocket;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.websocket.ClientWsFrame;
import io.helidon.websocket.WsCloseException;

import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;

/**
 * One upgraded connection's read loop. Helidon's {@code ClientWsFrame} parses and unmasks each frame; the loop is
 * ours because Helidon 4.5.0's {@code WsConnection} decodes text per fragment (a character split across frames
 * is mangled, invalid UTF-8 is replaced instead of closing with 1007), passes fragmented or oversized control
 * frames on, and calls neither {@code onClose} nor {@code onError} when a socket drops. Here every frame goes
 * through {@link MessageAssembler}, everything written goes through the connection's one {@link SocketTransport},
 * and the end of the connection is always seen, whichever way it ends.
 */
final class WebSocketConnection implements ServerConnection {
    private static final System.Logger LOG = System.getLogger(WebSocketConnection.class.getName());

    private final ConnectionContext ctx;
    private final ConnectionReader reader;
    private final MessageAssembler assembler;
    private final int maxFrameBytes;
    private volatile Instant lastFrame = Instant.now();
    private volatile Thread thread;

    WebSocketConnection(ConnectionContext ctx, ConnectionReader reader, int maxMessageBytes) {
        this.ctx = ctx;
        this.reader = reader;
        this.assembler = new MessageAssembler(maxMessageBytes);
        this.maxFrameBytes = maxMessageBytes;
    }

    @Override
    public void handle(Limit limit) {
        thread = Thread.currentThread();
        Throwable failure = null;
        try {
            reader.opened(ctx.dataWriter(), this::cutSocket);
            boolean open = true;
            while (open) {
                open = next();
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            if (e instanceof Error) {
                throw e;
            }
        } finally {
            reader.ended(failure);
        }
    }

    /** Reads and handles one frame; false once the connection is to end. */
    private boolean next() {
        ClientWsFrame frame;
        int opcode;
        try {
            frame = ClientWsFrame.read(ctx, ctx.dataReader(), maxFrameBytes);
            opcode = frame.opCode().code();
        } catch (WsCloseException e) {
            reader.violation(CloseReason.of(e.closeCode() == CloseCode.TOO_BIG.value() ? CloseCode.TOO_BIG
                    : CloseCode.PROTOCOL_ERROR, e.closeCode() == CloseCode.TOO_BIG.value()
                    ? "message over " + maxFrameBytes + " bytes" : e.getMessage()));
            return false;
        } catch (IllegalArgumentException e) {
            reader.violation(CloseReason.of(CloseCode.PROTOCOL_ERROR, "unknown opcode"));
            return false;
        }
        lastFrame = Instant.now();
        BufferData payload = frame.payloadData();
        byte[] bytes = new byte[payload.available()];
        payload.read(bytes);
        return reader.piece(assembler.frame(opcode, frame.fin(), bytes));
    }

    /** Ends the connection at once: closes its socket, which ends the read loop. */
    private void cutSocket() {
        try {
            ctx.serverSocket().close();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "closing a socket failed", e);
        }
        Thread reading = thread;
        if (reading != null && reading != Thread.currentThread()) {
            reading.interrupt();
        }
    }

    @Override
    public Duration idleTime() {
        return Duration.between(lastFrame, Instant.now());
    }

    @Override
    public void close(boolean interrupt) {
        cutSocket();
    }
}
