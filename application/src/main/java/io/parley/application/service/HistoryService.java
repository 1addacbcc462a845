package io.parley.application.service;

import java.util.List;
import java.util.Optional;

import io.parley.application.delivery.ConnectionRegistry;
import io.parley.application.port.in.HistoryPage;
import io.parley.application.port.in.LoadHistoryUseCase;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.Reply;
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
import io.parley.domain.protocol.ErrorCode;
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

    public HistoryService(ConnectionRegistry registry, ServicePorts ports, IdentityPort identity,
                          long maxPageBytes) {
        this.registry = registry;
        this.store = ports.store();
        this.encoder = ports.encoder();
        this.identity = identity;
        this.maxPageBytes = maxPageBytes;
    }

    @Override
    public Outcome<Reply> history(ConnectionId id, ClientRequest.History request) {
        if (registry.find(id).flatMap(c -> c.subscription(request.conversation())).isEmpty()) {
            return Replies.notJoined(request.conversation());
        }
        return StoreCalls.guarded(() -> {
            HistoryPage page = read(request.conversation(), request.range());
            return Replies.reply(encoder, new ServerEvent.History(request.ref(), request.conversation(),
                    page.messages(), page.next().isPresent()));
        });
    }

    @Override
    public Outcome<HistoryPage> page(IdentityPort.Credentials credentials, ConversationId conversation,
                                     MessageRange range) {
        if (!(identity.identify(credentials) instanceof IdentityPort.Identity.Known known)) {
            return Outcome.refused(ErrorCode.UNAUTHORIZED, "a user is needed to read a conversation");
        }
        return StoreCalls.guarded(() -> {
            Optional<Conversation> found = store.find(conversation);
            if (found.isEmpty()) {
                return Outcome.refused(ErrorCode.NOT_FOUND, "no conversation " + conversation);
            }
            if (found.get().roleOf(known.user()).filter(r -> r.mayRead()).isEmpty()) {
                return Outcome.refused(ErrorCode.FORBIDDEN, "not a member of conversation " + conversation);
            }
            return Outcome.done(read(conversation, range));
        });
    }

    /**
     * One page of {@code range}, within the range's limit and the page bytes: one message more than the limit is
     * read to tell whether the range holds more. Messages are as they now are: a deleted one is gone from the page
     * (its offset still counts), edits and deletes are entries of their own.
     */
    private HistoryPage read(ConversationId conversation, MessageRange range) {
        List<Message> read = store.messages(conversation,
                range.withLimit(Math.min(MessageRange.MAX_LIMIT, range.limit() + 1)));
        List<Message> page = new PageBound(range.limit(), maxPageBytes).cut(read,
                message -> encoder.encode(new ServerEvent.MessagePosted(message)).payload().length, range.end());
        List<Message> shown = page.stream().filter(m -> !m.isDeleted()).toList();
        if (page.size() == read.size() && read.size() <= range.limit()) {
            return new HistoryPage(shown, Optional.empty());
        }
        return new HistoryPage(shown, range.next(page.getFirst().offset(), page.getLast().offset()));
    }
}
