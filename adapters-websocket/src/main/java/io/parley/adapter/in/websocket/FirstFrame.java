package io.parley.adapter.in.websocket;

import java.util.List;

import io.parley.application.port.in.ConnectionSession;
import io.parley.application.port.in.ConnectionSession.ReplySlot;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.Reply;
import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ErrorCode;

/**
 * The gate of a connection that opened without a token: its first frame must be {@code auth} with a good token
 * (answered with {@code welcome}, and the gate opens); anything else first, a binary frame included, or a bad
 * token closes the connection with 1008 (1013 for a user who holds their maximum of connections).
 */
final class FirstFrame {
    private final ConnectionId id;
    private final EndpointContext endpoint;
    private boolean open;
    private boolean refused;

    FirstFrame(ConnectionId id, EndpointContext endpoint, boolean open) {
        this.id = id;
        this.endpoint = endpoint;
        this.open = open;
    }

    /** Whether frames go to requests now: the connection is authenticated. */
    boolean isOpen() {
        return open;
    }

    /** Whether the gate closed the connection: nothing more it sends is read. */
    boolean refused() {
        return refused;
    }

    /** Takes the text of the first frame. */
    void text(String frame, ConnectionSession session) {
        if (!(endpoint.reader().read(frame) instanceof Decoded.Request request)
                || !(request.request() instanceof ClientRequest.Auth auth)) {
            refuse(session, "the first frame must be auth {token}");
            return;
        }
        ReplySlot slot = session.reserveReply();
        switch (endpoint.useCases().authenticate().authenticate(id, auth)) {
            case Outcome.Done<Reply> done -> {
                open = true;
                slot.fill(done.value().frames());
            }
            case Outcome.Refused<Reply> no -> {
                slot.fill(List.of());
                session.close(CloseReason.of(no.refusal().code() == ErrorCode.RATE_LIMITED
                        ? CloseCode.TRY_AGAIN_LATER : CloseCode.POLICY_VIOLATION, no.refusal().message()));
                refused = true;
            }
        }
    }

    /** A frame that cannot be {@code auth} came first. */
    void refuse(ConnectionSession session, String reason) {
        if (!refused) {
            endpoint.useCases().activity().limitHit(id, "auth_required");
            session.close(CloseReason.of(CloseCode.POLICY_VIOLATION, reason));
            refused = true;
        }
    }
}
