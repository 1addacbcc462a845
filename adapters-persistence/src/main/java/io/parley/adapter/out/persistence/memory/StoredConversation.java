package io.parley.adapter.out.persistence.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.parley.application.port.out.ConversationStorePort.Amended;
import io.parley.application.port.out.ConversationStorePort.Amendment;
import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.application.port.out.ConversationStorePort.ReadState;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.AgentParts;
import io.parley.domain.conversation.Conversation;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Member;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.Revision;
import io.parley.domain.conversation.Role;

/**
 * One conversation of {@link InMemoryConversationStore}, or what is left of it once deleted: the offsets its deleted
 * lives gave, so that a conversation created again goes on after them. Not thread-safe: the store holds its monitor
 * around every call.
 */
final class StoredConversation {
    /** When the conversation was created; null while it does not exist (not yet created, or deleted). */
    private Instant createdAt;
    private final Map<UserId, Role> members = new LinkedHashMap<>();
    /** The messages of its current life: offsets {@code erased + 1} to {@link #lastOffset()}. */
    private final List<Message> messages = new ArrayList<>();
    private final Map<MessageId, Message> byId = new HashMap<>();
    /** The highest offset given before its latest deletion, 0 if it was never deleted. */
    private long erased;
    /** The members' read markers (none: 0). */
    private final Map<UserId, Long> reads = new HashMap<>();

    boolean exists() {
        return createdAt != null;
    }

    /** Makes the conversation exist, with {@code founder} as its only member, in {@code role}. */
    void create(Instant now, UserId founder, Role role) {
        createdAt = now;
        members.put(founder, role);
    }

    /** Forgets members and messages, keeping the last offset; false when the conversation does not exist. */
    boolean erase() {
        if (!exists()) {
            return false;
        }
        erased = lastOffset();
        createdAt = null;
        members.clear();
        messages.clear();
        byId.clear();
        reads.clear();
        return true;
    }

    long lastOffset() {
        return erased + messages.size();
    }

    /** The members and their roles, in the order they joined; the caller may change them. */
    Map<UserId, Role> members() {
        return members;
    }

    Appended append(NewMessage draft) {
        Message earlier = byId.get(draft.id());
        if (earlier != null) {
            return new Appended.AlreadyStored(earlier);
        }
        Message stored = draft.at(lastOffset() + 1);
        messages.add(stored);
        byId.put(stored.id(), stored);
        return new Appended.Stored(stored);
    }

    /** Edits or deletes a message shown, recording the change at the next offset. */
    Amended amend(Amendment change) {
        Message target = byId.get(change.target());
        if (target == null || !target.isShown()) {
            return new Amended.NoSuchMessage();
        }
        if (!change.anyone() && !target.sender().equals(change.by())) {
            return new Amended.NotYours(target.sender());
        }
        Message now = change.content().map(text -> target.edited(text, change.at()))
                .orElseGet(() -> target.deleted(change.at()));
        messages.set((int) (target.offset() - erased - 1), now);
        byId.put(now.id(), now);
        Message entry = new Message(target.conversation(), lastOffset() + 1, change.entry(), target.role(),
                change.by(), change.content().orElse(""), change.at(), null, AgentParts.NONE, null,
                Revision.of(change.content().isPresent() ? Revision.ChangeKind.EDITED : Revision.ChangeKind.DELETED,
                        target.id()));
        messages.add(entry);
        byId.put(entry.id(), entry);
        return new Amended.Done(entry, target);
    }

    /** The messages of {@code user} still shown, oldest first. */
    List<Message> shownOf(UserId user) {
        return messages.stream().filter(m -> m.isShown() && m.sender().equals(user)).toList();
    }

    /** Moves the member's marker up to {@code offset} (within the log); empty when not a member. */
    Optional<Long> markRead(UserId user, long offset) {
        if (!members.containsKey(user)) {
            return Optional.empty();
        }
        return Optional.of(reads.merge(user, Math.min(offset, lastOffset()), Math::max));
    }

    /** The member's marker and the messages of others shown after it; empty when not a member. */
    Optional<ReadState> readState(ConversationId id, UserId user) {
        if (!members.containsKey(user)) {
            return Optional.empty();
        }
        long read = reads.getOrDefault(user, 0L);
        long unread = messages.stream().filter(m -> m.offset() > read && m.isShown() && !m.sender().equals(user))
                .count();
        return Optional.of(new ReadState(id, read, unread));
    }

    /** Forgets the member's read marker. */
    void forgetReads(UserId user) {
        reads.remove(user);
    }

    Conversation snapshot(ConversationId id) {
        List<Member> listed = new ArrayList<>();
        members.forEach((user, role) -> listed.add(new Member(user, role)));
        return new Conversation(id, createdAt, listed, lastOffset());
    }

    List<Message> read(MessageRange range) {
        long low = Math.max(range.after(), erased) + 1;
        long high = range.before() == 0 ? lastOffset() : Math.min(lastOffset(), range.before() - 1);
        if (high < low) {
            return List.of();
        }
        long from = range.fromNewest() ? Math.max(low, high - range.limit() + 1) : low;
        long to = Math.min(high, from + range.limit() - 1);
        return List.copyOf(messages.subList((int) (from - erased - 1), (int) (to - erased)));
    }

    Set<MessageId> holding(Collection<MessageId> ids) {
        return ids.stream().filter(byId::containsKey).collect(Collectors.toUnmodifiableSet());
    }

    /** At most {@code limit} members with user ids after {@code after}, by user id. */
    List<Member> membersAfter(Optional<UserId> after, int limit) {
        String from = after.map(UserId::value).orElse("");
        return members.entrySet().stream().filter(m -> m.getKey().value().compareTo(from) > 0)
                .map(m -> new Member(m.getKey(), m.getValue()))
                .sorted(Comparator.comparing(m -> m.user().value())).limit(limit).toList();
    }
}
