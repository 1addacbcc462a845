package io.parley.application.service;

import java.util.List;
import java.util.Optional;

import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.PublishMessageUseCase;
import io.parley.application.port.in.RelayEventsUseCase;
import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.ServerEvent;

/** What backend services do in conversations: post messages, and push pipeline status to the members. */
public final class PublishingService implements PublishMessageUseCase, RelayEventsUseCase {
    private final ServicePorts ports;
    private final Posting posting;
    private final ConversationLimits limits;

    public PublishingService(ServicePorts ports, ConversationLimits limits) {
        this.ports = ports;
        this.posting = ports.posting();
        this.limits = limits;
    }

    @Override
    public Outcome<Published> publish(Publish command) {
        if (!limits.content().admits(command.content())) {
            return Outcome.refused(ErrorCode.TOO_LARGE, limits.content().refusal());
        }
        MessageId id = command.id() != null ? command.id() : ports.ids().newMessageId();
        NewMessage message = new NewMessage(command.conversation(), id, command.role(), command.sender(),
                command.content(), NewMessage.timestamp(ports.clock()), null);
        return StoreCalls.guarded(() -> switch (posting.post(message)) {
            case Appended.Stored stored -> Outcome.done(new Published(stored.message(), false));
            case Appended.AlreadyStored earlier -> Posting.sameMessage(earlier.message(), message)
                    ? Outcome.done(new Published(earlier.message(), true))
                    : Outcome.refused(ErrorCode.CONFLICT, "id " + id + " was already used for another message");
            case Appended.NoSuchConversation gone ->
                    Outcome.refused(ErrorCode.NOT_FOUND, "no conversation " + command.conversation());
        });
    }

    @Override
    public Outcome<Relayed> relay(ConversationId conversation, List<String> events) {
        Optional<String> violation = limits.relay().violation(events);
        if (violation.isPresent()) {
            return Outcome.refused(ErrorCode.TOO_LARGE, violation.get());
        }
        return StoreCalls.guarded(() -> {
            if (ports.store().find(conversation).isEmpty()) {
                return Outcome.refused(ErrorCode.NOT_FOUND, "no conversation " + conversation);
            }
            events.forEach(event -> ports.fanout().publish(conversation,
                    new ServerEvent.Relayed(conversation, event)));
            return Outcome.done(new Relayed(events.size()));
        });
    }
}
