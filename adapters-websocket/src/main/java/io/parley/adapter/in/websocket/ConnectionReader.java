package io.parley.adapter.in.websocket;

import java.lang.System.Logger.Level;

import io.helidon.common.buffers.DataWriter;

import io.parley.adapter.common.json.Decoded;
import io.parley.application.port.in.ConnectionTicket;
import io.parley.application.port.in.RequestAdmission;
import io.parley.application.port.out.ConnectionOutboundPort;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.Protocol;
import io.parley.domain.protocol.ServerEvent;

/**
 * One connection's reader side: takes what its frames amount to, decodes requests, turns them into use case calls,
 * and answers malformed input with {@code error} frames. Every frame, a transport ping included, counts toward
 * the connection's message rate. Runs on the connection's reader thread; everything it sends goes through the
 * connection's writer.
 */
final class ConnectionReader {
    private static final System.Logger LOG = System.getLogger(ConnectionReader.class.getName());
    private static final byte[] BARE_PONG = {'p', 'o', 'n', 'g'};

    private final ConnectionTicket ticket;
    private final EndpointContext endpoint;
    private final RequestDispatch dispatch;
    private ConnectionWriter writer;
    private boolean opened;
    private int badInARow;
    private boolean cut;
    private boolean binaryAnswered;

    ConnectionReader(ConnectionTicket ticket, EndpointContext endpoint) {
        this.ticket = ticket;
        this.endpoint = endpoint;
        this.dispatch = new RequestDispatch(ticket.id(), endpoint.useCases());
    }

    /** The connection is open: its writer starts, and the client is welcomed. */
    void opened(DataWriter socket, Runnable cutSocket) {
        writer = new ConnectionWriter(socket, endpoint.writers(), cutSocket);
        endpoint.useCases().open().open(ticket, writer);
        opened = true;
    }

    /** Handles what one frame amounted to; false when the connection is to end. */
    boolean piece(MessageAssembler.Piece piece) {
        endpoint.useCases().activity().frameReceived(id());
        switch (piece) {
            case MessageAssembler.Piece.Incomplete incomplete -> {
            }
            case MessageAssembler.Piece.Text text -> {
                if (!cut) {
                    handle(text.text());
                }
            }
            case MessageAssembler.Piece.Binary binary -> binary(binary.last());
            case MessageAssembler.Piece.Ping ping -> {
                if (admitted(null) == Verdict.PROCEED
                        && writer.pong(ping.payload()) == ConnectionOutboundPort.Offer.OVERFLOWED) {
                    endpoint.useCases().activity().limitHit(id(), "outbound_queue");
                }
            }
            case MessageAssembler.Piece.Pong pong -> {
            }
            case MessageAssembler.Piece.Close close -> {
                writer.peerClosed(close.reason());
                return false;
            }
            case MessageAssembler.Piece.Violation violation -> {
                violation(violation.reason());
                return false;
            }
        }
        return true;
    }

    /** The client broke the protocol: the close goes out at once and the connection ends. */
    void violation(CloseReason reason) {
        endpoint.useCases().activity().limitHit(id(), reason.code().label());
        writer.closeAtOnce(reason);
    }

    /** The connection has ended, whichever way: forget it. */
    void ended(Throwable failure) {
        if (!opened) {
            endpoint.useCases().open().abandon(ticket);
            return;
        }
        writer.ended();
        CloseReason reason = writer.closingReason().orElseGet(() -> {
            LOG.log(Level.DEBUG, () -> "connection " + id() + " dropped", failure);
            return CloseReason.of(CloseCode.ABNORMAL, "connection dropped without a close frame");
        });
        endpoint.useCases().close().closed(id(), reason);
    }

    private void binary(boolean last) {
        if (!binaryAnswered && admitted(null) == Verdict.PROCEED) {
            binaryAnswered = true;
            malformed(new Decoded.Malformed(ErrorCode.BAD_REQUEST,
                    "binary frames carry uploads, which this server does not accept yet", null));
        }
        if (last) {
            binaryAnswered = false;
        }
    }

    private void handle(String frame) {
        if ("ping".equals(frame)) {
            if (admitted(null) == Verdict.PROCEED) {
                writer.offerText(BARE_PONG);
            }
            return;
        }
        switch (endpoint.reader().read(frame)) {
            case Decoded.Malformed malformed -> {
                if (admitted(malformed.ref()) == Verdict.PROCEED) {
                    malformed(malformed);
                }
            }
            case Decoded.Request request -> {
                switch (admitted(request.request().ref())) {
                    case PROCEED -> {
                        badInARow = 0;
                        answer(request.request());
                    }
                    case DRAINING -> reply(request.request() instanceof ClientRequest.Ping ping
                            ? new ServerEvent.Pong(ping.ref())
                            : new ServerEvent.ErrorReply(ErrorCode.UNAVAILABLE, "this node is shutting down: "
                                    + "reconnect, another node takes the request", request.request().ref(), 1000L));
                    case REFUSED -> {
                    }
                }
            }
        }
    }

    /** Carries out a request; a store that cannot answer is told to the client, to try again. */
    private void answer(ClientRequest request) {
        try {
            dispatch.dispatch(request).ifPresent(this::reply);
        } catch (StoreUnavailableException e) {
            reply(new ServerEvent.ErrorReply(ErrorCode.UNAVAILABLE, "the conversation store is unavailable, try again",
                    request.ref(), Math.max(1, e.retryAfter().toMillis())));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "request failed on connection " + id(), e);
            reply(ServerEvent.ErrorReply.of(ErrorCode.INTERNAL, "the request failed on the server", request.ref()));
        }
    }

    /** Whether the message may be processed: within the connection's rate, and the node not draining. */
    private Verdict admitted(String ref) {
        return switch (endpoint.useCases().throttle().admitRequest(id())) {
            case RequestAdmission.Admitted admitted -> Verdict.PROCEED;
            case RequestAdmission.Draining draining -> Verdict.DRAINING;
            case RequestAdmission.Throttled throttled -> {
                reply(new ServerEvent.ErrorReply(ErrorCode.RATE_LIMITED, "over " + throttled.messagesPerSecond()
                        + " messages per second; this one was not processed", ref,
                        Math.max(1, throttled.retryAfter().toMillis())));
                yield Verdict.REFUSED;
            }
            case RequestAdmission.Cut over -> {
                cut = true;
                yield Verdict.REFUSED;
            }
        };
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

    /** What becomes of one inbound message. */
    private enum Verdict {
        PROCEED, DRAINING, REFUSED
    }
}
