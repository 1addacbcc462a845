package io.parley.application.port.out;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
 * Where conversations, their members and their messages live. The store is the source of truth for offsets:
 * per conversation they start at 1, grow by one, and are never reused or skipped, whatever the number of
 * concurrent writers. Infrastructure failures surface as {@link StoreUnavailableException}.
 */
public interface ConversationStorePort {

    /**
     * Makes {@code user} a member of {@code conversation}, atomically: a conversation that does not exist is
     * created with {@code user} as its owner when {@code mayCreate}, and reported missing otherwise; an existing
     * member keeps its role; a non-member is added with {@code admitAs} when that is given, and is refused otherwise.
     */
    Enrollment enroll(ConversationId conversation, UserId user, Optional<Role> admitAs, boolean mayCreate,
                      Instant now);

    /** {@link #enroll(ConversationId, UserId, Optional, boolean, Instant)} creating what does not exist. */
    default Enrollment enroll(ConversationId conversation, UserId user, Optional<Role> admitAs, Instant now) {
        return enroll(conversation, user, admitAs, true, now);
    }

    /**
     * Stores a message at the conversation's next offset and commits it. A message whose id the conversation
     * already holds is not stored again: the original is returned. The conversation must exist.
     */
    Appended append(NewMessage message);

    /** The conversation, with its members and latest offset, if it exists. */
    Optional<Conversation> find(ConversationId conversation);

    /** The offset of the conversation's latest message; 0 when it has none or does not exist. */
    long latestOffset(ConversationId conversation);

    /** Messages in {@code range}, oldest first. */
    List<Message> messages(ConversationId conversation, MessageRange range);

    /** Which of {@code ids} (at most {@link MessageRange#MAX_LIMIT}) the conversation already holds. */
    Set<MessageId> storedIds(ConversationId conversation, Collection<MessageId> ids);

    /** The stored role of {@code user} in {@code conversation}; empty when not a member or no such conversation. */
    Optional<Role> roleOf(ConversationId conversation, UserId user);

    /**
     * Gives {@code user} the role {@code role} in {@code conversation}, atomically: a member's role changes, a
     * non-member becomes a member. A conversation that does not exist is created (with {@code user} as its only
     * member, in {@code role}) when {@code createIfMissing}, and reported missing otherwise.
     */
    RoleChange setRole(ConversationId conversation, UserId user, Role role, boolean createIfMissing, Instant now);

    /** Ends {@code user}'s membership of {@code conversation}; the role they had, empty when they had none. */
    Optional<Role> removeMember(ConversationId conversation, UserId user);

    /**
     * The members of {@code conversation}, ordered by user id, after {@code after} (exclusive; empty: from the
     * first), at most {@code limit} (1..{@link MessageRange#MAX_LIMIT}); empty for a conversation that does not exist.
     */
    List<Member> members(ConversationId conversation, Optional<UserId> after, int limit);

    /**
     * The conversations {@code user} is a member of, ordered by conversation id, after {@code after} (exclusive;
     * empty: from the first), at most {@code limit} (1..{@link MessageRange#MAX_LIMIT}).
     */
    List<Membership> memberships(UserId user, Optional<ConversationId> after, int limit);

    /**
     * Erases {@code conversation}: its members and its messages, content and all. The id may be created again
     * (by {@link #enroll} or {@link #setRole}); its offsets then go on after the old ones, never reused: until it
     * is created again it does not exist, and once it is, {@link #latestOffset} is the old conversation's. False
     * when it did not exist.
     */
    boolean delete(ConversationId conversation);

    /** The outcome of {@link #enroll}. */
    sealed interface Enrollment {
        /** The user is a member with {@code role}; {@code created} when the conversation was created for them. */
        record Enrolled(Role role, boolean created) implements Enrollment {
        }

        /** The conversation exists and the user is not admitted to it. */
        record NotAdmitted() implements Enrollment {
        }

        /** The conversation does not exist, and was not to be created. */
        record NoSuchConversation() implements Enrollment {
        }
    }

    /** The outcome of {@link #setRole}. */
    sealed interface RoleChange {
        /**
         * The user now has the role; {@code previous} is the role they had (empty: they were no member), and
         * {@code created} says the conversation was created for this.
         */
        record Changed(Optional<Role> previous, boolean created) implements RoleChange {
        }

        /** The conversation does not exist, and was not to be created. */
        record NoSuchConversation() implements RoleChange {
        }
    }

    /** A user's membership as {@link #memberships} lists it: the conversation, the role, its latest offset. */
    record Membership(ConversationId conversation, Role role, long latestOffset) {
    }

    /** The outcome of {@link #append}. */
    sealed interface Appended {
        /** Stored now, at a new offset. */
        record Stored(Message message) implements Appended {
        }

        /** Its id was already stored: this is the original, stored earlier. */
        record AlreadyStored(Message message) implements Appended {
        }

        /** The conversation does not exist (it was never created, or was deleted). */
        record NoSuchConversation() implements Appended {
        }
    }
}
