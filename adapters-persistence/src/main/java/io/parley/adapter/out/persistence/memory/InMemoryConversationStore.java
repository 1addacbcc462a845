package io.parley.adapter.out.persistence.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.parley.application.port.out.ConversationStorePort;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.AttachmentId;
import io.parley.domain.conversation.Conversation;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Member;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.Role;

/**
 * A conversation store in memory: for tests and for running without a database. Nothing survives a restart. Each
 * conversation is a {@link StoredConversation} guarded by its own monitor; a deleted one stays in the map, emptied,
 * so that its offsets go on if it is created again. {@link #memberships} looks through every conversation.
 */
public final class InMemoryConversationStore implements ConversationStorePort {
    private final Map<ConversationId, StoredConversation> conversations = new ConcurrentHashMap<>();

    @Override
    public Enrollment enroll(ConversationId conversation, UserId user, Optional<Role> admitAs, boolean mayCreate,
                             Instant now) {
        StoredConversation stored = mayCreate ? conversations.computeIfAbsent(conversation,
                id -> new StoredConversation()) : conversations.get(conversation);
        if (stored == null) {
            return new Enrollment.NoSuchConversation();
        }
        synchronized (stored) {
            if (!stored.exists()) {
                if (!mayCreate) {
                    return new Enrollment.NoSuchConversation();
                }
                stored.create(now, user, Role.OWNER);
                return new Enrollment.Enrolled(Role.OWNER, true);
            }
            Role role = stored.members().get(user);
            if (role == null && admitAs.isPresent()) {
                role = admitAs.get();
                stored.members().put(user, role);
            }
            return role == null ? new Enrollment.NotAdmitted() : new Enrollment.Enrolled(role, false);
        }
    }

    @Override
    public RoleChange setRole(ConversationId conversation, UserId user, Role role, boolean createIfMissing,
                              Instant now) {
        StoredConversation stored = createIfMissing ? conversations.computeIfAbsent(conversation,
                id -> new StoredConversation()) : conversations.get(conversation);
        if (stored == null) {
            return new RoleChange.NoSuchConversation();
        }
        synchronized (stored) {
            if (stored.exists()) {
                return new RoleChange.Changed(Optional.ofNullable(stored.members().put(user, role)), false);
            }
            if (!createIfMissing) {
                return new RoleChange.NoSuchConversation();
            }
            stored.create(now, user, role);
            return new RoleChange.Changed(Optional.empty(), true);
        }
    }

    @Override
    public Appended append(NewMessage message) {
        return existing(message.conversation(), stored -> stored.append(message))
                .orElseGet(Appended.NoSuchConversation::new);
    }

    @Override
    public Optional<Conversation> find(ConversationId conversation) {
        return existing(conversation, stored -> stored.snapshot(conversation));
    }

    @Override
    public long latestOffset(ConversationId conversation) {
        return existing(conversation, StoredConversation::lastOffset).orElse(0L);
    }

    @Override
    public List<Message> messages(ConversationId conversation, MessageRange range) {
        return existing(conversation, stored -> stored.read(range)).orElse(List.of());
    }

    @Override
    public Set<MessageId> storedIds(ConversationId conversation, Collection<MessageId> ids) {
        return existing(conversation, stored -> stored.holding(ids)).orElse(Set.of());
    }

    @Override
    public Optional<Role> roleOf(ConversationId conversation, UserId user) {
        return existing(conversation, stored -> Optional.ofNullable(stored.members().get(user)))
                .flatMap(Function.identity());
    }

    @Override
    public Optional<Role> removeMember(ConversationId conversation, UserId user) {
        return existing(conversation, stored -> {
            stored.forgetReads(user);
            return Optional.ofNullable(stored.members().remove(user));
        }).flatMap(Function.identity());
    }

    @Override
    public List<Member> members(ConversationId conversation, Optional<UserId> after, int limit) {
        requirePage(limit);
        return existing(conversation, stored -> stored.membersAfter(after, limit)).orElse(List.of());
    }

    @Override
    public List<Membership> memberships(UserId user, Optional<ConversationId> after, int limit) {
        requirePage(limit);
        String from = after.map(ConversationId::value).orElse("");
        return conversations.keySet().stream().filter(id -> id.value().compareTo(from) > 0)
                .flatMap(id -> membership(id, user).stream())
                .sorted(Comparator.comparing(m -> m.conversation().value())).limit(limit).toList();
    }

    private Optional<Membership> membership(ConversationId conversation, UserId user) {
        return existing(conversation, stored -> Optional.ofNullable(stored.members().get(user))
                .map(role -> new Membership(conversation, role, stored.lastOffset()))).flatMap(Function.identity());
    }

    @Override
    public boolean delete(ConversationId conversation) {
        StoredConversation stored = conversations.get(conversation);
        if (stored == null) {
            return false;
        }
        synchronized (stored) {
            return stored.erase();
        }
    }

    @Override
    public Amended amend(Amendment change) {
        return existing(change.conversation(), stored -> stored.amend(change))
                .orElseGet(Amended.NoSuchConversation::new);
    }

    @Override
    public Optional<Long> markRead(ConversationId conversation, UserId user, long offset) {
        return existing(conversation, stored -> stored.markRead(user, offset)).flatMap(Function.identity());
    }

    @Override
    public List<ReadState> readStates(UserId user, Collection<ConversationId> of) {
        return of.stream().flatMap(id -> existing(id, stored -> stored.readState(id, user))
                .flatMap(Function.identity()).stream()).toList();
    }

    @Override
    public Erasure erase(UserId user, Instant at) {
        List<Message> deletions = new ArrayList<>();
        int[] erased = new int[1];
        List<AttachmentId> attachments = new ArrayList<>();
        List<ConversationId> left = new ArrayList<>();
        List<ConversationId> deleted = new ArrayList<>();
        List<Promotion> promoted = new ArrayList<>();
        for (ConversationId id : conversations.keySet().stream().sorted(Comparator.comparing(ConversationId::value))
                .toList()) {
            StoredConversation stored = conversations.get(id);
            synchronized (stored) {
                if (!stored.exists()) {
                    continue;
                }
                List<Message> entries = new ArrayList<>();
                List<Message> sent = stored.shownOf(user);
                erased[0] += sent.size();
                for (Message message : sent) {
                    message.attached().ifPresent(a -> attachments.add(a.id()));
                    Amended done = stored.amend(new Amendment(id, message.id(),
                            new MessageId("deleted-" + UUID.randomUUID()), user, Optional.empty(), true, at));
                    entries.add(((Amended.Done) done).entry());
                }
                Role had = stored.members().remove(user);
                stored.forgetReads(user);
                if (had == null) {
                    deletions.addAll(entries);
                    continue;
                }
                left.add(id);
                if (stored.members().isEmpty()) {
                    stored.erase();
                    deleted.add(id);
                    continue;
                }
                if (had == Role.OWNER && !stored.members().containsValue(Role.OWNER)) {
                    UserId heir = stored.members().entrySet().stream().filter(e -> e.getValue() == Role.MEMBER)
                            .map(Map.Entry::getKey).findFirst()
                            .orElse(stored.members().keySet().iterator().next());
                    stored.members().put(heir, Role.OWNER);
                    promoted.add(new Promotion(id, heir));
                }
                deletions.addAll(entries);
            }
        }
        return new Erasure(erased[0], deletions, attachments, left, deleted, promoted);
    }

    /** What {@code read} makes of the conversation under its monitor; empty when it does not exist. */
    private <T> Optional<T> existing(ConversationId conversation, Function<StoredConversation, T> read) {
        StoredConversation stored = conversations.get(conversation);
        if (stored == null) {
            return Optional.empty();
        }
        synchronized (stored) {
            return stored.exists() ? Optional.of(read.apply(stored)) : Optional.empty();
        }
    }

    private static void requirePage(int limit) {
        if (limit < 1 || limit > MessageRange.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MessageRange.MAX_LIMIT + ": " + limit);
        }
    }
}
