package io.parley.adapter.in.websocket;

import java.lang.System.Logger.Level;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.websocket.WsCloseException;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

import io.parley.adapter.common.json.Decoded;
import io.parley.application.port.in.ConnectionTicket;
import io.parley.application.port.in.RequestAdmission;
import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.Protocol;
import io.parley.domain.protocol.ServerEvent;

/**
 * One connection's reader side: joins fragments, decodes frames, turns them into use case calls, and answers
 * malformed input with {@code error} frames. Runs on the connection's reader thread; everything it sends goes
 * through the connection's writer.
 */
final class ConnectionListener implements WsListener {
    private static final System.Logger LOG = System.getLogger(ConnectionListener.class.getName());
    private static final byte[] BARE_PONG = {'p', 'o', 'n', 'g'};

    private final ConnectionTicket ticket;
    private final EndpointContext endpoint;
    private final TextAssembler text;
    private volatile ServerConnection connection;
    private volatile ConnectionWriter writer;
    private volatile boolean opened;
    private int badInARow;
    private boolean cut;
    private boolean binaryAnswered;

    ConnectionListener(ConnectionTicket ticket, EndpointContext endpoint) {
        this.ticket = ticket;
        this.endpoint = endpoint;
        this.text = new TextAssembler(endpoint.settings().maxMessageBytes());
    }

    /** Binds the Helidon connection, which is what ending a connection at once needs. */
    void attach(ServerConnection serverConnection) {
        this.connection = serverConnection;
    }

    @Override
    public void onOpen(WsSession session) {
        writer = new ConnectionWriter(session, endpoint.writers(), () -> connection.close(true));
        endpoint.useCases().open().open(ticket, writer);
        opened = true;
    }

    @Override
    public void onMessage(WsSession session, String fragment, boolean last) {
        endpoint.useCases().activity().frameReceived(id());
        try {
            switch (text.append(fragment, last)) {
                case TextAssembler.Piece.Incomplete incomplete -> {
                }
                case TextAssembler.Piece.TooBig tooBig -> writer.close(CloseReason.of(CloseCode.TOO_BIG,
                        "message over " + endpoint.settings().maxMessageBytes() + " bytes"));
                case TextAssembler.Piece.Complete complete -> handle(complete.text());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "request failed on connection " + id(), e);
            reply(ServerEvent.ErrorReply.of(ErrorCode.INTERNAL, "the request failed on the server", null));
        }
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        endpoint.useCases().activity().frameReceived(id());
        if (!binaryAnswered) {
            binaryAnswered = true;
            malformed(new Decoded.Malformed(ErrorCode.BAD_REQUEST,
                    "binary frames carry uploads, which this server does not accept yet", null));
        }
        if (last) {
            binaryAnswered = false;
        }
    }

    @Override
    public void onPing(WsSession session, BufferData buffer) {
        endpoint.useCases().activity().frameReceived(id());
        writer.pong(buffer.readBytes());
    }

    @Override
    public void onPong(WsSession session, BufferData buffer) {
        endpoint.useCases().activity().frameReceived(id());
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        writer.peerClosed(status, reason);
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        LOG.log(Level.DEBUG, "error on connection " + id(), t);
    }

    /** The connection has ended, whichever way: forget it. */
    void ended(Throwable failure) {
        if (writer != null) {
            writer.ended();
        }
        if (!opened) {
            endpoint.useCases().open().abandon(ticket);
            return;
        }
        CloseReason reason = writer.closingReason().orElseGet(() -> fromFailure(failure));
        endpoint.useCases().close().closed(id(), reason);
    }

    private void handle(String frame) {
        if (cut) {
            return;
        }
        if ("ping".equals(frame)) {
            if (admitted(null)) {
                writer.offerText(BARE_PONG);
            }
            return;
        }
        switch (endpoint.reader().read(frame)) {
            case Decoded.Malformed malformed -> {
                if (admitted(malformed.ref())) {
                    malformed(malformed);
                }
            }
            case Decoded.Request request -> {
                if (admitted(request.request().ref())) {
                    badInARow = 0;
                    dispatch(request.request());
                }
            }
        }
    }

    /** Whether the message is within the connection's rate; answers {@code rate_limited} when it is not. */
    private boolean admitted(String ref) {
        return switch (endpoint.useCases().throttle().admitRequest(id())) {
            case RequestAdmission.Admitted admitted -> true;
            case RequestAdmission.Throttled throttled -> {
                reply(new ServerEvent.ErrorReply(ErrorCode.RATE_LIMITED, "over " + throttled.messagesPerSecond()
                        + " messages per second; this one was not processed", ref,
                        Math.max(1, throttled.retryAfter().toMillis())));
                yield false;
            }
            case RequestAdmission.Cut over -> {
                cut = true;
                yield false;
            }
        };
    }

    private void dispatch(ClientRequest request) {
        WebSocketUseCases useCases = endpoint.useCases();
        switch (request) {
            case ClientRequest.Ping ping -> reply(new ServerEvent.Pong(ping.ref()));
            case ClientRequest.Pong pong -> {
            }
            case ClientRequest.Join join -> {
                useCases.activity().requestReceived(id());
                useCases.join().join(id(), join);
            }
            case ClientRequest.Leave leave -> {
                useCases.activity().requestReceived(id());
                useCases.leave().leave(id(), leave);
            }
            case ClientRequest.Send send -> {
                useCases.activity().requestReceived(id());
                useCases.send().send(id(), send);
            }
            case ClientRequest.History history -> {
                useCases.activity().requestReceived(id());
                useCases.history().history(id(), history);
            }
            case ClientRequest.Cancel cancel -> {
                useCases.activity().requestReceived(id());
                useCases.cancel().cancel(id(), cancel);
            }
        }
    }

    private void malformed(Decoded.Malformed malformed) {
        badInARow++;
        reply(ServerEvent.ErrorReply.of(malformed.code(), malformed.message(), malformed.ref()));
        if (badInARow >= Protocol.MAX_BAD_FRAMES_IN_A_ROW) {
            endpoint.useCases().activity().limitHit(id(), "bad_frames");
            writer.close(CloseReason.of(CloseCode.POLICY_VIOLATION,
                    Protocol.MAX_BAD_FRAMES_IN_A_ROW + " malformed frames in a row"));
        }
    }

    private void reply(ServerEvent event) {
        writer.offer(endpoint.encoder().encode(event));
    }

    private ConnectionId id() {
        return ticket.id();
    }

    private static CloseReason fromFailure(Throwable failure) {
        if (failure instanceof CloseConnectionException && failure.getCause() instanceof WsCloseException close) {
            return CloseReason.of(new CloseCode(close.closeCode()), close.getMessage());
        }
        return CloseReason.of(CloseCode.ABNORMAL, "connection dropped without a close frame");
    }
}
