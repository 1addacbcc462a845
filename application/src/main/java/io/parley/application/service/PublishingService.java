package io.parley.application.service;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.parley.application.port.in.PublishMessageUseCase;
import io.parley.application.port.in.RelayEventsUseCase;
import io.parley.application.port.in.RelayEventsUseCase.Relay;
import io.parley.application.port.out.ConversationFanoutPort;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.application.port.out.IdGeneratorPort;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.protocol.ServerEvent;

/** What backend services do in conversations: post messages, and push pipeline status to the members. */
public final class PublishingService implements PublishMessageUseCase, RelayEventsUseCase {
    private final ConversationStorePort store;
    private final ConversationFanoutPort fanout;
    private final IdGeneratorPort ids;
    private final Clock clock;
    private final Posting posting;
    private final ConversationLimits limits;

    public PublishingService(ConversationStorePort store, ConversationFanoutPort fanout, IdGeneratorPort ids,
                             Clock clock, Traffic traffic, ConversationLimits limits) {
        this.limits = limits;
        this.store = store;
        this.fanout = fanout;
        this.ids = ids;
        this.clock = clock;
        this.posting = new Posting(store, fanout, traffic);
    }

    @Override
    public Publication publish(Publish command) {
        if (!limits.content().admits(command.content())) {
            return new Publication.TooLarge(limits.content().refusal());
        }
        MessageId id = command.id() != null ? command.id() : ids.newMessageId();
        NewMessage message = new NewMessage(command.conversation(), id, command.role(), command.sender(),
                command.content(), Posting.now(clock), null);
        return switch (posting.post(message)) {
            case Appended.Stored stored -> new Publication.Published(stored.message(), false);
            case Appended.AlreadyStored earlier -> Posting.sameMessage(earlier.message(), message)
                    ? new Publication.Published(earlier.message(), true)
                    : new Publication.Conflict(earlier.message());
            case Appended.NoSuchConversation gone -> new Publication.NoSuchConversation();
        };
    }

    @Override
    public Relay relay(ConversationId conversation, List<String> events) {
        Optional<String> violation = limits.relay().violation(events);
        if (violation.isPresent()) {
            return new Relay.TooLarge(violation.get());
        }
        if (store.find(conversation).isEmpty()) {
            return new Relay.NoSuchConversation();
        }
        events.forEach(event -> fanout.publish(conversation, new ServerEvent.Relayed(conversation, event)));
        return new Relay.Relayed(events.size());
    }
}
