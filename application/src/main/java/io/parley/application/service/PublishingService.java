package io.parley.application.service;

import java.time.Clock;
import java.util.List;

import io.parley.application.port.in.PublishMessageUseCase;
import io.parley.application.port.in.RelayEventsUseCase;
import io.parley.application.port.out.ConversationFanoutPort;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.application.port.out.IdGeneratorPort;
import io.parley.application.port.out.StoreUnavailableException;
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

    public PublishingService(ConversationStorePort store, ConversationFanoutPort fanout, IdGeneratorPort ids,
                             Clock clock, Traffic traffic) {
        this.store = store;
        this.fanout = fanout;
        this.ids = ids;
        this.clock = clock;
        this.posting = new Posting(store, fanout, traffic);
    }

    @Override
    public Publication publish(Publish command) {
        MessageId id = command.id() != null ? command.id() : ids.newMessageId();
        NewMessage message = new NewMessage(command.conversation(), id, command.role(), command.sender(),
                command.content(), Posting.now(clock), null);
        try {
            return switch (posting.post(message)) {
                case Appended.Stored stored -> new Publication.Published(stored.message(), false);
                case Appended.AlreadyStored earlier -> Posting.sameMessage(earlier.message(), message)
                        ? new Publication.Published(earlier.message(), true)
                        : new Publication.Conflict(earlier.message());
                case Appended.NoSuchConversation gone -> new Publication.NoSuchConversation();
            };
        } catch (StoreUnavailableException e) {
            return new Publication.Unavailable(e.retryAfter());
        }
    }

    @Override
    public boolean relay(ConversationId conversation, List<String> events) {
        if (store.find(conversation).isEmpty()) {
            return false;
        }
        events.forEach(event -> fanout.publish(conversation, new ServerEvent.Relayed(conversation, event)));
        return true;
    }
}
