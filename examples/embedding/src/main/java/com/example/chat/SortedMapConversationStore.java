package com.example.chat;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.PurgeMessagesPort;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.Conversation;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.RetentionPolicy;
import io.parley.domain.conversation.Role;

/**
 * The chat application's own conversation store, in memory: one {@link ConversationLog} per conversation (a map
 * sorted by offset behind its own lock), so conversations never wait for each other. A conversation is created
 * by the one {@code putIfAbsent} that wins, which makes exactly one joiner its owner. It also purges, so the
 * retention settings apply to it. {@code SortedMapConversationStoreContractTest} runs Parley's store contract on it.
 */
public final class SortedMapConversationStore implements ConversationStorePort, PurgeMessagesPort {
    private final ConcurrentMap<ConversationId, ConversationLog> conversations = new ConcurrentHashMap<>();

    @Override
    public Enrollment enroll(ConversationId conversation, UserId user, Optional<Role> admitAs, boolean mayCreate,
                             Instant now) {
        ConversationLog log = conversations.get(conversation);
        if (log == null) {
            if (!mayCreate) {
                return new Enrollment.NoSuchConversation();
            }
            log = conversations.putIfAbsent(conversation, new ConversationLog(conversation, user, now));
            if (log == null) {
                return new Enrollment.Enrolled(Role.OWNER, true);
            }
        }
        return log.admit(user, admitAs).<Enrollment>map(role -> new Enrollment.Enrolled(role, false))
                .orElseGet(Enrollment.NotAdmitted::new);
    }

    @Override
    public Appended append(NewMessage message) {
        ConversationLog log = conversations.get(message.conversation());
        return log == null ? new Appended.NoSuchConversation() : log.append(message);
    }

    @Override
    public Optional<Conversation> find(ConversationId conversation) {
        return Optional.ofNullable(conversations.get(conversation)).map(ConversationLog::snapshot);
    }

    @Override
    public long latestOffset(ConversationId conversation) {
        ConversationLog log = conversations.get(conversation);
        return log == null ? 0 : log.lastOffset();
    }

    @Override
    public List<Message> messages(ConversationId conversation, MessageRange range) {
        ConversationLog log = conversations.get(conversation);
        return log == null ? List.of() : log.read(range);
    }

    @Override
    public Set<MessageId> storedIds(ConversationId conversation, Collection<MessageId> ids) {
        ConversationLog log = conversations.get(conversation);
        return log == null || ids.isEmpty() ? Set.of() : log.holding(ids);
    }

    @Override
    public long purge(RetentionPolicy policy, Instant now) {
        if (policy.keepsEverything()) {
            return 0;
        }
        return conversations.values().stream()
                .mapToLong(log -> log.purge(policy.oldestKept(now), policy.maxMessages())).sum();
    }
}
