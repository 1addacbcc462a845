package io.parley.application.service;

import java.util.List;

import io.parley.application.delivery.ConnectionRegistry;
import io.parley.application.delivery.Subscription;
import io.parley.application.port.in.ChangeStateUseCase;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.Reply;
import io.parley.application.port.out.ConversationStatePort;
import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.port.out.FanoutPort;
import io.parley.application.port.out.JsonPatchPort;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.conversation.ContentLimit;
import io.parley.domain.conversation.ConversationState;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.ServerEvent;

/**
 * The shared state of conversations, changed by members: a patch applies to the version its sender saw or is a
 * {@code conflict} (with the state as it is now), the result stays within its bound, and it is stored by compare
 * and set, so that two changes to one version never both win, on any node. Every member gets the change as
 * {@code STATE_DELTA}.
 */
public final class StateService implements ChangeStateUseCase {
    private final ConnectionRegistry registry;
    private final ConversationStatePort states;
    private final JsonPatchPort patches;
    private final FanoutPort fanout;
    private final EventEncoderPort encoder;
    private final ContentLimit bound;

    public StateService(ConnectionRegistry registry, ServicePorts ports, JsonPatchPort patches, ContentLimit bound) {
        this.registry = registry;
        this.states = ports.states();
        this.patches = patches;
        this.fanout = ports.fanout();
        this.encoder = ports.encoder();
        this.bound = bound;
    }

    @Override
    public Outcome<Reply> change(ConnectionId id, ClientRequest.ChangeState request) {
        if (Replies.poster(registry, id, request.conversation(), "change the state")
                instanceof Outcome.Refused<Subscription> refused) {
            return Outcome.refused(refused.refusal());
        }
        return StoreCalls.guarded(() -> {
            ConversationState current = states.state(request.conversation());
            if (current.version() != request.version()) {
                return conflict(request, current);
            }
            return switch (patches.apply(current.json(), request.patch())) {
                case JsonPatchPort.Patched.Refused refused -> Outcome.refused(ErrorCode.BAD_REQUEST,
                        refused.reason());
                case JsonPatchPort.Patched.Applied applied -> store(request, current, applied.document());
            };
        });
    }

    private Outcome<Reply> store(ClientRequest.ChangeState request, ConversationState current, String document) {
        if (!bound.admits(document)) {
            return Outcome.refused(ErrorCode.TOO_LARGE, "the state would grow past " + bound.maxBytes() + " bytes");
        }
        ConversationState next = current.next(document);
        if (!states.replace(next)) {
            return conflict(request, states.state(request.conversation()));
        }
        fanout.publish(request.conversation(), new ServerEvent.StateEvent(request.conversation(),
                new AgUiEvent.StateDelta(request.patch(), next.version())));
        return Replies.reply(encoder, new ServerEvent.StateAccepted(request.ref(), request.conversation(),
                next.version()));
    }

    /** An {@code error conflict}, then the state as it is now, so the client can patch that instead. */
    private Outcome<Reply> conflict(ClientRequest.ChangeState request, ConversationState current) {
        return Outcome.done(new Reply(List.of(encoder.encode(new ServerEvent.ErrorReply(ErrorCode.CONFLICT,
                "the state is at version " + current.version() + ", not " + request.version()
                        + ": apply the change to the snapshot that follows", request.ref(), null)),
                encoder.encode(snapshotOf(current)))));
    }

    /** {@code state} as a {@code STATE_SNAPSHOT} frame. */
    static ServerEvent snapshotOf(ConversationState state) {
        return new ServerEvent.StateEvent(state.conversation(), new AgUiEvent.StateSnapshot(state.json(),
                state.version()));
    }
}
