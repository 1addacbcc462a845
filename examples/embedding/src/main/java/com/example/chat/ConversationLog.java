package com.example.chat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
 * One conversation of {@link SortedMapConversationStore}: its members in the order they joined, and its messages in
 * a map sorted by offset, so that a range is a {@code subMap} view. One read-write lock guards it all: readers share,
 * an append or a purge has it alone. The last offset given is a counter of its own, so a purge never frees one.
 */
final class ConversationLog {
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final ConversationId id;
    private final Instant createdAt;
    private final Map<UserId, Role> members = new LinkedHashMap<>();
    private final NavigableMap<Long, Message> byOffset = new TreeMap<>();
    private final Map<MessageId, Long> offsetOf = new HashMap<>();
    private long lastOffset;

    ConversationLog(ConversationId id, UserId owner, Instant createdAt) {
        this.id = id;
        this.createdAt = createdAt;
        members.put(owner, Role.OWNER);
    }

    /** The role of {@code user}: the one it has, else {@code admitAs} (which it then has), else none. */
    Optional<Role> admit(UserId user, Optional<Role> admitAs) {
        return writing(() -> {
            Role role = members.get(user);
            if (role == null && admitAs.isPresent()) {
                role = admitAs.get();
                members.put(user, role);
            }
            return Optional.ofNullable(role);
        });
    }

    /** Stores {@code draft} at the next offset, unless its id is held already: then the message held is the answer. */
    Appended append(NewMessage draft) {
        return writing(() -> {
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

    Conversation snapshot() {
        return reading(() -> new Conversation(id, createdAt,
                members.entrySet().stream().map(m -> new Member(m.getKey(), m.getValue())).toList(), lastOffset));
    }

    long lastOffset() {
        return reading(() -> lastOffset);
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

    /** Forgets messages stored before {@code oldestKept} and all but the newest {@code maxMessages}; how many went. */
    long purge(Optional<Instant> oldestKept, OptionalInt maxMessages) {
        return writing(() -> {
            int held = byOffset.size();
            oldestKept.ifPresent(limit -> {
                for (Iterator<Message> it = byOffset.values().iterator(); it.hasNext(); ) {
                    Message message = it.next();
                    if (message.at().isBefore(limit)) {
                        it.remove();
                        offsetOf.remove(message.id());
                    }
                }
            });
            maxMessages.ifPresent(max -> {
                while (byOffset.size() > max) {
                    offsetOf.remove(byOffset.pollFirstEntry().getValue().id());
                }
            });
            return (long) (held - byOffset.size());
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
