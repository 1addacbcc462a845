package com.example.chat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.parley.application.port.out.ConversationStorePort.Appended;
import io.parley.application.port.out.ConversationStorePort.Enrollment;
import io.parley.application.port.out.ConversationStorePort.Membership;
import io.parley.application.port.out.ConversationStorePort.RoleChange;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.Conversation;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Member;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.Role;

/**
 * One life of a conversation of {@link SortedMapConversationStore}: its members in a map sorted by user id and its
 * messages in a map sorted by offset, so that a page of either is a view of its map. One read-write lock guards it
 * all: readers share, a change has it alone. The last offset given is a counter of its own, which starts after the
 * offsets of the conversation's earlier lives, so neither a purge nor a delete frees one. An erased log (its
 * conversation deleted) stays empty: calls that change it report the conversation missing, and the store makes a
 * new log when the conversation is created again.
 */
final class ConversationLog {
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final ConversationId id;
    private final Instant createdAt;
    private final NavigableMap<String, Member> members = new TreeMap<>();
    private final NavigableMap<Long, Message> byOffset = new TreeMap<>();
    private final Map<MessageId, Long> offsetOf = new HashMap<>();
    private long lastOffset;
    private boolean erased;

    /** A conversation founded by {@code founder} in {@code role}, whose first message gets {@code startAfter + 1}. */
    ConversationLog(ConversationId id, UserId founder, Role role, Instant createdAt, long startAfter) {
        this.id = id;
        this.createdAt = createdAt;
        this.lastOffset = startAfter;
        members.put(founder.value(), new Member(founder, role));
    }

    ConversationId id() {
        return id;
    }

    /** Enrols {@code user}: the role it has, else {@code admitAs} (which it then has), else not admitted. */
    Enrollment admit(UserId user, Optional<Role> admitAs) {
        return writing(() -> {
            if (erased) {
                return new Enrollment.NoSuchConversation();
            }
            Member member = members.get(user.value());
            if (member == null && admitAs.isPresent()) {
                member = new Member(user, admitAs.get());
                members.put(user.value(), member);
            }
            return member == null ? new Enrollment.NotAdmitted() : new Enrollment.Enrolled(member.role(), false);
        });
    }

    /** Gives {@code user} the role {@code role}, a member or not. */
    RoleChange assign(UserId user, Role role) {
        return writing(() -> erased ? new RoleChange.NoSuchConversation() : new RoleChange.Changed(
                Optional.ofNullable(members.put(user.value(), new Member(user, role))).map(Member::role), false));
    }

    Optional<Role> dismiss(UserId user) {
        return writing(() -> Optional.ofNullable(members.remove(user.value())).map(Member::role));
    }

    Optional<Role> roleOf(UserId user) {
        return reading(() -> Optional.ofNullable(members.get(user.value())).map(Member::role));
    }

    Optional<Membership> membershipOf(UserId user) {
        return reading(() -> Optional.ofNullable(members.get(user.value()))
                .map(member -> new Membership(id, member.role(), lastOffset)));
    }

    /** At most {@code limit} members, by user id, from after {@code after}: the head of a view of the sorted map. */
    List<Member> page(Optional<UserId> after, int limit) {
        return reading(() -> (after.isPresent() ? members.tailMap(after.get().value(), false) : members).values()
                .stream().limit(limit).toList());
    }

    /** Stores {@code draft} at the next offset, unless its id is held already: then the message held is the answer. */
    Appended append(NewMessage draft) {
        return writing(() -> {
            if (erased) {
                return new Appended.NoSuchConversation();
            }
            Long known = offsetOf.get(draft.id());
            if (known != null) {
                return new Appended.AlreadyStored(byOffset.get(known));
            }
            Message message = draft.at(++lastOffset);
            byOffset.put(message.offset(), message);
            offsetOf.put(message.id(), message.offset());
            return new Appended.Stored(message);
        });
    }

    /** Forgets members and messages for good; the last offset given, where the conversation's next life goes on. */
    long erase() {
        return writing(() -> {
            erased = true;
            members.clear();
            byOffset.clear();
            offsetOf.clear();
            return lastOffset;
        });
    }

    /** The conversation, members by user id; empty once erased. */
    Optional<Conversation> snapshot() {
        return reading(() -> erased ? Optional.empty()
                : Optional.of(new Conversation(id, createdAt, List.copyOf(members.values()), lastOffset)));
    }

    long lastOffset() {
        return reading(() -> erased ? 0 : lastOffset);
    }

    /** The messages of {@code range}, oldest first: the first {@code limit} of its view, or the last ones. */
    List<Message> read(MessageRange range) {
        return reading(() -> {
            NavigableMap<Long, Message> view = byOffset.subMap(range.after(), false,
                    range.before() == 0 ? Long.MAX_VALUE : range.before(), false);
            Collection<Message> fromItsEnd = range.fromNewest() ? view.descendingMap().values() : view.values();
            List<Message> page = fromItsEnd.stream().limit(range.limit())
                    .collect(Collectors.toCollection(ArrayList::new));
            if (range.fromNewest()) {
                Collections.reverse(page);
            }
            return Collections.unmodifiableList(page);
        });
    }

    /** Which of {@code ids} this conversation holds. */
    Set<MessageId> holding(Collection<MessageId> ids) {
        return reading(() -> ids.stream().filter(offsetOf::containsKey).collect(Collectors.toUnmodifiableSet()));
    }

    /**
     * Forgets messages stored before {@code oldestKept} and all but the newest {@code maxMessages}; returns the
     * messages that went.
     */
    List<Message> purge(Optional<Instant> oldestKept, OptionalInt maxMessages) {
        return writing(() -> {
            List<Message> gone = new ArrayList<>();
            oldestKept.ifPresent(limit -> {
                for (Iterator<Message> it = byOffset.values().iterator(); it.hasNext(); ) {
                    Message message = it.next();
                    if (message.at().isBefore(limit)) {
                        it.remove();
                        offsetOf.remove(message.id());
                        gone.add(message);
                    }
                }
            });
            maxMessages.ifPresent(max -> {
                while (byOffset.size() > max) {
                    Message message = byOffset.pollFirstEntry().getValue();
                    offsetOf.remove(message.id());
                    gone.add(message);
                }
            });
            return gone;
        });
    }

    private <T> T reading(Supplier<T> action) {
        return holding(lock.readLock(), action);
    }

    private <T> T writing(Supplier<T> action) {
        return holding(lock.writeLock(), action);
    }

    private static <T> T holding(Lock held, Supplier<T> action) {
        held.lock();
        try {
            return action.get();
        } finally {
            held.unlock();
        }
    }
}
