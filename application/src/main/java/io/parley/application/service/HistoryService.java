package io.parley.application.service;

import java.util.List;
import java.util.Optional;

import io.parley.application.port.in.HistoryPage;
import io.parley.application.port.in.LoadHistoryUseCase;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.EventEncoderPort;
import io.parley.application.port.out.IdentityPort;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.conversation.Conversation;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.PageBound;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ServerEvent;

/**
 * Pages of a conversation's past messages, oldest first within a page: for a connection that joined it, and for
 * members over HTTP, with the range of the next page. Every page is cut by its limit and by {@link PageBound}'s
 * bytes, so that it fits a member's outbound queue however large its messages are.
 */
public final class HistoryService implements LoadHistoryUseCase {
    private final ConnectionRegistry registry;
    private final ConversationStorePort store;
    private final EventEncoderPort encoder;
    private final IdentityPort identity;
    private final long maxPageBytes;

    public HistoryService(ConnectionRegistry registry, ConversationStorePort store, EventEncoderPort encoder,
                          IdentityPort identity, long maxPageBytes) {
        this.registry = registry;
        this.store = store;
        this.encoder = encoder;
        this.identity = identity;
        this.maxPageBytes = maxPageBytes;
    }

    @Override
    public void history(ConnectionId id, ClientRequest.History request) {
        registry.find(id).ifPresent(connection -> {
            ServerEvent answer;
            if (connection.subscription(request.conversation()).isEmpty()) {
                answer = Replies.notJoined(request.conversation(), request.ref());
            } else {
                HistoryPage.Page page = read(request.conversation(), request.range());
                answer = new ServerEvent.History(request.ref(), request.conversation(), page.messages(),
                        page.next().isPresent());
            }
            connection.deliver(encoder.encode(answer));
        });
    }

    @Override
    public HistoryPage page(IdentityPort.Credentials credentials, ConversationId conversation, MessageRange range) {
        if (!(identity.identify(credentials) instanceof IdentityPort.Identity.Known known)) {
            return new HistoryPage.Unauthenticated("a user is needed to read a conversation");
        }
        Optional<Conversation> found = store.find(conversation);
        if (found.isEmpty()) {
            return new HistoryPage.NotFound();
        }
        if (found.get().roleOf(known.user()).filter(r -> r.mayRead()).isEmpty()) {
            return new HistoryPage.NotMember();
        }
        return read(conversation, range);
    }

    /**
     * One page of {@code range}, within the range's limit and the page bytes: one message more than the limit is
     * read to tell whether the range holds more.
     */
    private HistoryPage.Page read(ConversationId conversation, MessageRange range) {
        List<Message> read = store.messages(conversation,
                range.withLimit(Math.min(MessageRange.MAX_LIMIT, range.limit() + 1)));
        List<Message> page = new PageBound(range.limit(), maxPageBytes).cut(read,
                message -> encoder.encode(new ServerEvent.MessagePosted(message)).payload().length, range.end());
        if (page.size() == read.size() && read.size() <= range.limit()) {
            return new HistoryPage.Page(page, Optional.empty());
        }
        return new HistoryPage.Page(page, range.next(page.getFirst().offset(), page.getLast().offset()));
    }
}
