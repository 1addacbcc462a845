package com.example.chat;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.PurgeMessagesPort;
import io.parley.application.port.out.PurgeMessagesPort.Purged;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.Conversation;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Member;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.RetentionPolicy;
import io.parley.domain.conversation.Role;

/**
 * The chat application's own conversation store, in memory: one {@link ConversationLog} per conversation (maps
 * sorted by user id and by offset behind the log's own lock), so conversations never wait for each other. A
 * conversation is created by the one {@code computeIfAbsent} that wins, which makes exactly one caller its founder.
 * A delete erases the log and takes it out of the map in one atomic step, noting the last offset it gave in
 * {@code lastOffsetOfDeleted}, where the next log for that id starts: offsets of a conversation created again go on.
 * It also purges, so the retention settings apply to it. {@code SortedMapConversationStoreContractTest} runs
 * Parley's store contract on it.
 */
public final class SortedMapConversationStore implements ConversationStorePort, PurgeMessagesPort {
    private final ConcurrentMap<ConversationId, ConversationLog> conversations = new ConcurrentHashMap<>();
    /** Deleted conversations not created since: the last offset each gave. Changed only in the map's atomic steps. */
    private final Map<ConversationId, Long> lastOffsetOfDeleted = new ConcurrentHashMap<>();

    @Override
    public Enrollment enroll(ConversationId conversation, UserId user, Optional<Role> admitAs, boolean mayCreate,
                             Instant now) {
        while (true) {
            ConversationLog log = conversations.get(conversation);
            if (log != null) {
                Enrollment outcome = log.admit(user, admitAs);
                // a log erased meanwhile answers NoSuchConversation: look again, the conversation may be created
                if (!(outcome instanceof Enrollment.NoSuchConversation) || !mayCreate) {
                    return outcome;
                }
            } else if (!mayCreate) {
                return new Enrollment.NoSuchConversation();
            } else if (found(conversation, user, Role.OWNER, now)) {
                return new Enrollment.Enrolled(Role.OWNER, true);
            }
        }
    }

    @Override
    public RoleChange setRole(ConversationId conversation, UserId user, Role role, boolean createIfMissing,
                              Instant now) {
        while (true) {
            ConversationLog log = conversations.get(conversation);
            if (log != null) {
                RoleChange change = log.assign(user, role);
                if (change instanceof RoleChange.Changed || !createIfMissing) {
                    return change;
                }
            } else if (!createIfMissing) {
                return new RoleChange.NoSuchConversation();
            } else if (found(conversation, user, role, now)) {
                return new RoleChange.Changed(Optional.empty(), true);
            }
        }
    }

    /** Whether this call created the conversation, founded by {@code founder}; false when another log came first. */
    private boolean found(ConversationId conversation, UserId founder, Role role, Instant now) {
        boolean[] founded = {false};
        conversations.computeIfAbsent(conversation, id -> {
            founded[0] = true;
            Long before = lastOffsetOfDeleted.remove(id);
            return new ConversationLog(id, founder, role, now, before == null ? 0 : before);
        });
        return founded[0];
    }

    @Override
    public boolean delete(ConversationId conversation) {
        boolean[] deleted = {false};
        conversations.computeIfPresent(conversation, (id, log) -> {
            lastOffsetOfDeleted.put(id, log.erase());
            deleted[0] = true;
            return null;
        });
        return deleted[0];
    }

    @Override
    public Appended append(NewMessage message) {
        ConversationLog log = conversations.get(message.conversation());
        return log == null ? new Appended.NoSuchConversation() : log.append(message);
    }

    @Override
    public Optional<Conversation> find(ConversationId conversation) {
        return Optional.ofNullable(conversations.get(conversation)).flatMap(ConversationLog::snapshot);
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
    public Optional<Role> roleOf(ConversationId conversation, UserId user) {
        return Optional.ofNullable(conversations.get(conversation)).flatMap(log -> log.roleOf(user));
    }

    @Override
    public Optional<Role> removeMember(ConversationId conversation, UserId user) {
        return Optional.ofNullable(conversations.get(conversation)).flatMap(log -> log.dismiss(user));
    }

    @Override
    public List<Member> members(ConversationId conversation, Optional<UserId> after, int limit) {
        int size = pageSize(limit);
        ConversationLog log = conversations.get(conversation);
        return log == null ? List.of() : log.page(after, size);
    }

    /** Looks through every conversation: fine for a chat of this size; a database would use an index. */
    @Override
    public List<Membership> memberships(UserId user, Optional<ConversationId> after, int limit) {
        int size = pageSize(limit);
        return conversations.entrySet().stream()
                .filter(entry -> after.isEmpty() || entry.getKey().value().compareTo(after.get().value()) > 0)
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(ConversationId::value)))
                .flatMap(entry -> entry.getValue().membershipOf(user).stream())
                .limit(size).toList();
    }

    @Override
    public Purged purge(RetentionPolicy policy, Instant now) {
        if (policy.keepsEverything()) {
            return new Purged(0, List.of());
        }
        List<Message> gone = conversations.values().stream()
                .flatMap(log -> log.purge(policy.oldestKept(now), policy.maxMessages()).stream()).toList();
        return new Purged(gone.size(), gone.stream().flatMap(m -> m.attached().stream()).map(a -> a.id()).toList());
    }

    /** {@code limit}, if it is a page size the port allows. */
    private static int pageSize(int limit) {
        if (limit < 1 || limit > MessageRange.MAX_LIMIT) {
            throw new IllegalArgumentException("pages hold 1 to " + MessageRange.MAX_LIMIT + " entries, not " + limit);
        }
        return limit;
    }
}
