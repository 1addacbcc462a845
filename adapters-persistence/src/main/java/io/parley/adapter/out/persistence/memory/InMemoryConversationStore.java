package io.parley.adapter.out.persistence.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.parley.application.port.out.ConversationStorePort;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.Conversation;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Member;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.Role;

/** A conversation store in memory: for tests and for running without a database. Nothing survives a restart. */
public final class InMemoryConversationStore implements ConversationStorePort {
    private final Map<ConversationId, Log> conversations = new ConcurrentHashMap<>();

    @Override
    public Enrollment enroll(ConversationId conversation, UserId user, Optional<Role> admitAs, boolean mayCreate,
                             Instant now) {
        if (!mayCreate && !conversations.containsKey(conversation)) {
            return new Enrollment.NoSuchConversation();
        }
        boolean[] created = {false};
        Log log = conversations.computeIfAbsent(conversation, id -> {
            created[0] = true;
            return new Log(now, user);
        });
        synchronized (log) {
            Role role = log.members.get(user);
            if (role != null) {
                return new Enrollment.Enrolled(role, created[0]);
            }
            if (admitAs.isEmpty()) {
                return new Enrollment.NotAdmitted();
            }
            log.members.put(user, admitAs.get());
            return new Enrollment.Enrolled(admitAs.get(), false);
        }
    }

    @Override
    public Appended append(NewMessage message) {
        Log log = conversations.get(message.conversation());
        if (log == null) {
            return new Appended.NoSuchConversation();
        }
        synchronized (log) {
            Message earlier = log.byId.get(message.id());
            if (earlier != null) {
                return new Appended.AlreadyStored(earlier);
            }
            Message stored = message.at(log.messages.size() + 1L);
            log.messages.add(stored);
            log.byId.put(stored.id(), stored);
            return new Appended.Stored(stored);
        }
    }

    @Override
    public Optional<Conversation> find(ConversationId conversation) {
        Log log = conversations.get(conversation);
        if (log == null) {
            return Optional.empty();
        }
        synchronized (log) {
            List<Member> members = new ArrayList<>();
            log.members.forEach((user, role) -> members.add(new Member(user, role)));
            return Optional.of(new Conversation(conversation, log.createdAt, members, log.messages.size()));
        }
    }

    @Override
    public long latestOffset(ConversationId conversation) {
        Log log = conversations.get(conversation);
        if (log == null) {
            return 0;
        }
        synchronized (log) {
            return log.messages.size();
        }
    }

    @Override
    public List<Message> messages(ConversationId conversation, MessageRange range) {
        Log log = conversations.get(conversation);
        if (log == null) {
            return List.of();
        }
        synchronized (log) {
            long latest = log.messages.size();
            long low = range.after() + 1;
            long high = range.before() == 0 ? latest : Math.min(latest, range.before() - 1);
            if (high < low) {
                return List.of();
            }
            long from = range.fromNewest() ? Math.max(low, high - range.limit() + 1) : low;
            long to = Math.min(high, from + range.limit() - 1);
            return List.copyOf(log.messages.subList((int) from - 1, (int) to));
        }
    }

    @Override
    public Set<MessageId> storedIds(ConversationId conversation, Collection<MessageId> ids) {
        Log log = conversations.get(conversation);
        if (log == null) {
            return Set.of();
        }
        synchronized (log) {
            return ids.stream().filter(log.byId::containsKey).collect(Collectors.toUnmodifiableSet());
        }
    }

    /** One conversation's state; guarded by itself. */
    private static final class Log {
        final Instant createdAt;
        final Map<UserId, Role> members = new LinkedHashMap<>();
        final List<Message> messages = new ArrayList<>();
        final Map<MessageId, Message> byId = new HashMap<>();

        Log(Instant createdAt, UserId owner) {
            this.createdAt = createdAt;
            members.put(owner, Role.OWNER);
        }
    }
}
