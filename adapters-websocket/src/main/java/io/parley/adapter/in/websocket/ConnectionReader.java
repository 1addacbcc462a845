package io.parley.adapter.in.websocket;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.helidon.common.buffers.DataWriter;

import io.parley.application.port.in.ConnectionSession;
import io.parley.application.port.in.ConnectionSession.ReplySlot;
import io.parley.application.port.in.ConnectionTicket;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.Reply;
import io.parley.application.port.in.RequestAdmission;
import io.parley.application.port.out.OutboundFrame;
import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.Protocol;
import io.parley.domain.protocol.ServerEvent;

/**
 * One connection's reader side: takes what its frames amount to, decodes requests, calls the use case each is for,
 * and answers with its outcome, in the place reserved for the answer before the use case ran (so that nothing the
 * request causes reaches the client before its answer). Every frame, a transport ping included, counts toward the
 * connection's message rate. Runs on the connection's reader thread. It is a little longer than most classes:
 * every kind of frame, and every answer to one, is decided here, where a reader follows them in one place.
 */
final class ConnectionReader {
    private static final System.Logger LOG = System.getLogger(ConnectionReader.class.getName());
    private static final byte[] BARE_PONG = "pong".getBytes(StandardCharsets.US_ASCII);

    private final ConnectionTicket ticket;
    private final EndpointContext endpoint;
    private final RequestDispatch dispatch;
    private ConnectionSession session;
    private SocketTransport transport;
    private int badInARow;
    private final FirstFrame firstFrame;
    private boolean cut;
    private final UploadReceiver uploads;
    private boolean binaryStarts = true;
    private boolean binaryDropped;
    /** The sends of this connection whose commits are awaited, oldest first; only the reader thread touches it. */
    private final Deque<InFlight> sendsInFlight = new ArrayDeque<>();
    private long bytesInFlight;
    /**
     * How many sends of one connection may wait for their commits at once: as many as a commit may hold (the
     * store's default batch), so that a fast sender's messages reach its conversation's members a commit's worth at
     * a time and a member's drain writes them in one go (64 here made a burst to 1 000 members cost H2 a fifth more
     * CPU per delivery).
     */
    static final int MAX_SENDS_IN_FLIGHT = 256;
    /**
     * How many characters of content they may hold: what one commit then pushes to each member at once stays well
     * within a member's outbound queue, so that a burst of large messages does not cut off members who read.
     */
    static final long MAX_CONTENT_IN_FLIGHT = 256 * 1024;

    ConnectionReader(ConnectionTicket ticket, EndpointContext endpoint) {
        this.ticket = ticket;
        this.endpoint = endpoint;
        this.uploads = new UploadReceiver(ticket.id(), endpoint.useCases().upload());
        this.dispatch = new RequestDispatch(ticket.id(), endpoint, uploads);
        this.firstFrame = new FirstFrame(ticket.id(), endpoint, !ticket.awaitingAuth());
    }

    /** The connection is open: its session starts, and the client is welcomed. */
    void opened(DataWriter socket, Runnable cutSocket) {
        transport = new SocketTransport(socket, cutSocket, endpoint.framedTexts());
        session = endpoint.useCases().open().open(ticket, transport);
    }

    /** Handles what one frame amounted to; false when the connection is to end. */
    boolean piece(MessageAssembler.Piece piece) {
        endpoint.useCases().activity().frameReceived(id());
        switch (piece) {
            case MessageAssembler.Piece.Incomplete incomplete -> {
            }
            case MessageAssembler.Piece.Text text -> {
                if (!cut && !firstFrame.refused()) {
                    handle(text.text());
                }
            }
            case MessageAssembler.Piece.Binary binary -> {
                if (firstFrame.isOpen()) {
                    binary(binary);
                } else {
                    firstFrame.refuse(session, "the first frame must be auth {token}");
                }
            }
            case MessageAssembler.Piece.Ping ping -> {
                if (admitted(null) == Verdict.PROCEED) {
                    session.pong(ping.payload());
                }
            }
            case MessageAssembler.Piece.Pong pong -> {
            }
            case MessageAssembler.Piece.Close close -> {
                session.peerClosed(close.reason());
                transport.awaitCloseWritten(endpoint.settings().closeTimeout());
                return false;
            }
            case MessageAssembler.Piece.Violation violation -> {
                violation(violation.reason());
                return false;
            }
        }
        return true;
    }

    /** The client broke the protocol: the close goes out next and the connection ends. */
    void violation(CloseReason reason) {
        endpoint.useCases().activity().limitHit(id(), reason.code().label());
        session.fail(reason);
        transport.awaitCloseWritten(endpoint.settings().closeTimeout());
    }

    /** The connection has ended, whichever way: forget it. */
    void ended(Throwable failure) {
        if (session == null) {
            endpoint.useCases().open().abandon(ticket);
            return;
        }
        if (failure != null) {
            LOG.log(Level.DEBUG, () -> "connection " + id() + " ended", failure);
        }
        endpoint.useCases().close().closed(id(),
                CloseReason.of(CloseCode.ABNORMAL, "connection dropped without a close frame"));
    }

    /**
     * A piece of a binary message: bytes of the upload under way. A message counts once toward the rate, when it
     * begins; a message refused (over the rate, the node draining, no upload under way, the upload failed) is
     * dropped whole, and after a failed upload its further frames too, until the client announces it again.
     */
    private void binary(MessageAssembler.Piece.Binary piece) {
        awaitSends();
        boolean starts = binaryStarts;
        binaryStarts = piece.last();
        if (starts) {
            binaryDropped = cut || uploads.dropping() || !admittedBinary();
            if (!binaryDropped && uploads.ref() == null) {
                binaryDropped = true;
                malformed(new Decoded.Malformed(ErrorCode.BAD_REQUEST, "a binary frame with no upload under way: "
                        + "announce the file with an upload request first", null));
            }
        }
        if (binaryDropped) {
            return;
        }
        String ref = uploads.ref();
        ReplySlot slot = session.reserveReply();
        List<OutboundFrame> answer = List.of();
        try {
            Outcome<Reply> outcome = uploads.piece(piece.bytes());
            binaryDropped = outcome instanceof Outcome.Refused<Reply>;
            answer = frames(outcome, ref);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "upload failed on connection " + id(), e);
            uploads.suspend();
            binaryDropped = true;
            answer = List.of(encode(ServerEvent.ErrorReply.of(ErrorCode.INTERNAL, "the upload failed on the server",
                    ref)));
        } finally {
            slot.fill(answer);
        }
    }

    /** Whether a binary message may be taken: within the rate and the node not draining; if not, its upload waits. */
    private boolean admittedBinary() {
        String ref = uploads.ref();
        return switch (admitted(ref)) {
            case PROCEED -> true;
            case DRAINING -> {
                uploads.suspend();
                answer(new ServerEvent.ErrorReply(ErrorCode.UNAVAILABLE, "this node is shutting down: reconnect and "
                        + "resume the upload on another node", ref, 1000L));
                yield false;
            }
            case REFUSED -> {
                if (ref != null) {
                    uploads.suspend();
                }
                yield false;
            }
        };
    }

    private void handle(String frame) {
        if (!firstFrame.isOpen()) {
            firstFrame.text(frame, session);
            return;
        }
        if ("ping".equals(frame)) {
            if (admitted(null) == Verdict.PROCEED) {
                answer(List.of(new OutboundFrame(new ServerEvent.Pong(null), BARE_PONG)));
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
                        carryOut(request.request());
                    }
                    case DRAINING -> answer(request.request() instanceof ClientRequest.Ping ping
                            ? new ServerEvent.Pong(ping.ref())
                            : new ServerEvent.ErrorReply(ErrorCode.UNAVAILABLE, "this node is shutting down: "
                                    + "reconnect, another node takes the request", request.request().ref(), 1000L));
                    case REFUSED -> {
                    }
                }
            }
        }
    }

    /**
     * Carries out a request and answers with its outcome, in the place reserved for it first. Sends one after
     * another are pipelined: each is queued for its commit and the next frame read at once (their appends share
     * commits; offsets and answers keep the order they were sent in), at most {@value #MAX_SENDS_IN_FLIGHT} at a
     * time. Anything else waits until the sends before it are done, so that it sees them stored, as it always did.
     */
    private void carryOut(ClientRequest request) {
        if (request instanceof ClientRequest.Send send) {
            pipeline(send);
            return;
        }
        awaitSends();
        ReplySlot slot = session.reserveReply();
        List<OutboundFrame> answer = internalError(request.ref());
        try {
            answer = frames(dispatch.dispatch(request), request.ref());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "request failed on connection " + id(), e);
        } finally {
            slot.fill(answer);
        }
    }

    private void pipeline(ClientRequest.Send send) {
        awaitSends(MAX_SENDS_IN_FLIGHT - 1, MAX_CONTENT_IN_FLIGHT - send.content().length());
        ReplySlot slot = session.reserveReply();
        CompletableFuture<Outcome<Reply>> pending;
        try {
            pending = dispatch.sendPipelined(send).toCompletableFuture();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "request failed on connection " + id(), e);
            slot.fill(internalError(send.ref()));
            return;
        }
        sendsInFlight.addLast(new InFlight(pending.handle((outcome, failure) -> {
            if (failure != null) {
                LOG.log(Level.ERROR, "send failed on connection " + id(), failure);
            }
            slot.fill(failure == null ? frames(outcome, send.ref()) : internalError(send.ref()));
            return null;
        }), send.content().length()));
        bytesInFlight += send.content().length();
    }

    /** Waits for every send in flight. */
    private void awaitSends() {
        awaitSends(0, 0);
    }

    /**
     * Waits (the oldest first) until at most {@code count} sends holding at most {@code content} characters are in
     * flight; forgets those done.
     */
    private void awaitSends(int count, long content) {
        while (!sendsInFlight.isEmpty() && (sendsInFlight.size() > count || bytesInFlight > content
                || sendsInFlight.peekFirst().done().isDone())) {
            InFlight oldest = sendsInFlight.pollFirst();
            oldest.done().join();
            bytesInFlight -= oldest.content();
        }
    }

    private List<OutboundFrame> frames(Outcome<Reply> outcome, String ref) {
        return switch (outcome) {
            case Outcome.Done<Reply> done -> done.value().frames();
            case Outcome.Refused<Reply> refused -> List.of(encode(new ServerEvent.ErrorReply(
                    refused.refusal().code(), refused.refusal().message(), ref,
                    refused.refusal().retryAfterMillis())));
        };
    }

    private List<OutboundFrame> internalError(String ref) {
        return List.of(encode(ServerEvent.ErrorReply.of(ErrorCode.INTERNAL, "the request failed on the server", ref)));
    }

    /** Whether the message may be processed: within the connection's rate, and the node not draining. */
    private Verdict admitted(String ref) {
        return switch (endpoint.useCases().throttle().admitRequest(id())) {
            case RequestAdmission.Admitted admitted -> Verdict.PROCEED;
            case RequestAdmission.Draining draining -> Verdict.DRAINING;
            case RequestAdmission.Throttled throttled -> {
                answer(new ServerEvent.ErrorReply(ErrorCode.RATE_LIMITED, "over " + throttled.messagesPerSecond()
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
        answer(ServerEvent.ErrorReply.of(malformed.code(), malformed.message(), malformed.ref()));
        if (badInARow >= Protocol.MAX_BAD_FRAMES_IN_A_ROW) {
            endpoint.useCases().activity().limitHit(id(), "bad_frames");
            session.close(CloseReason.of(CloseCode.POLICY_VIOLATION,
                    Protocol.MAX_BAD_FRAMES_IN_A_ROW + " malformed frames in a row"));
        }
    }

    private void answer(ServerEvent event) {
        answer(List.of(encode(event)));
    }

    private void answer(List<OutboundFrame> frames) {
        session.reserveReply().fill(frames);
    }

    private OutboundFrame encode(ServerEvent event) {
        return endpoint.encoder().encode(event);
    }

    private ConnectionId id() {
        return ticket.id();
    }

    /** A send waiting for its commit, and how much content it holds. */
    private record InFlight(CompletableFuture<Void> done, long content) {
    }

    /** What becomes of one inbound message. */
    private enum Verdict {
        PROCEED, DRAINING, REFUSED
    }
}
