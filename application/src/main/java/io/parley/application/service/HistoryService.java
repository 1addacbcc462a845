package io.parley.application.service;

import java.util.List;
import java.util.Optional;

import io.parley.application.port.in.HistoryPage;
import io.parley.application.port.in.LoadHistoryUseCase;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.port.out.IdentityPort;
import io.parley.application.port.out.StoreUnavailableException;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.conversation.Conversation;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.ServerEvent;

/**
 * Pages of a conversation's past messages, oldest first within a page: for a connection that joined it, and for
 * members over HTTP, with the range of the next page.
 */
public final class HistoryService implements LoadHistoryUseCase {
    private final ConnectionRegistry registry;
    private final ConversationStorePort store;
    private final EventEncoderPort encoder;
    private final IdentityPort identity;

    public HistoryService(ConnectionRegistry registry, ConversationStorePort store, EventEncoderPort encoder,
                          IdentityPort identity) {
        this.registry = registry;
        this.store = store;
        this.encoder = encoder;
        this.identity = identity;
    }

    @Override
    public void history(ConnectionId id, ClientRequest.History request) {
        registry.find(id).ifPresent(connection -> {
            ServerEvent answer;
            if (connection.subscription(request.conversation()).isEmpty()) {
                answer = Replies.notJoined(request.conversation(), request.ref());
            } else {
                answer = page(request);
            }
            connection.deliver(encoder.encode(answer));
        });
    }

    @Override
    public HistoryPage page(IdentityPort.Credentials credentials, ConversationId conversation, MessageRange range) {
        if (!(identity.identify(credentials) instanceof IdentityPort.Identity.Known known)) {
            return new HistoryPage.Unauthenticated("a user is needed to read a conversation");
        }
        try {
            Optional<Conversation> found = store.find(conversation);
            if (found.isEmpty()) {
                return new HistoryPage.NotFound();
            }
            if (found.get().roleOf(known.user()).filter(r -> r.mayRead()).isEmpty()) {
                return new HistoryPage.NotMember();
            }
            List<Message> messages = store.messages(conversation, range);
            return new HistoryPage.Page(messages, next(range, messages));
        } catch (StoreUnavailableException e) {
            return new HistoryPage.Unavailable(e.retryAfter());
        }
    }

    private ServerEvent page(ClientRequest.History request) {
        try {
            MessageRange range = new MessageRange(request.after().orElse(0), request.before().orElse(
                    request.after().isPresent() ? 0 : Long.MAX_VALUE), request.limit());
            return new ServerEvent.History(request.ref(), request.conversation(),
                    store.messages(request.conversation(), range));
        } catch (IllegalArgumentException e) {
            return ServerEvent.ErrorReply.of(ErrorCode.BAD_REQUEST, e.getMessage(), request.ref());
        } catch (StoreUnavailableException e) {
            return Replies.storeUnavailable(e, request.ref());
        }
    }

    /**
     * The next page in the same direction, when this one was full: backwards (older) for a page of the newest
     * messages below a bound, forwards otherwise.
     */
    static Optional<MessageRange> next(MessageRange range, List<Message> page) {
        if (page.size() < range.limit()) {
            return Optional.empty();
        }
        if (range.newestFirstSelection()) {
            long oldest = page.getFirst().offset();
            return oldest <= 1 ? Optional.empty() : Optional.of(MessageRange.before(oldest, range.limit()));
        }
        long newest = page.getLast().offset();
        if (range.before() != 0 && newest + 1 >= range.before()) {
            return Optional.empty();
        }
        return Optional.of(new MessageRange(newest, range.before(), range.limit()));
    }
}
