package io.parley.application.port.out;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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

    /**
     * As {@link #append}, without waiting: completes once the message is committed (exceptionally with what
     * {@link #append} would throw). Appends of one conversation made one after another, without waiting in
     * between, get their offsets in that order. By default it is {@link #append}, done at once.
     */
    default CompletionStage<Appended> appendPipelined(NewMessage message) {
        try {
            return CompletableFuture.completedFuture(append(message));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

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

    /**
     * Edits or deletes a stored message, in one transaction: the message as it now is (new content and its edit
     * time, or its content gone, its offset kept) and an entry of its own at the conversation's next offset that
     * says so ({@link io.parley.domain.conversation.Revision.Change}). Only a message shown (not deleted, not
     * itself an edit or a delete) may be changed, and only by its sender unless {@code change.anyone()}. Stores
     * that keep no revisions refuse ({@link UnsupportedOperationException}).
     */
    default Amended amend(Amendment change) {
        throw new UnsupportedOperationException("this store keeps no edits or deletes");
    }

    /**
     * Moves {@code user}'s read marker in {@code conversation} up to {@code offset} (never down, never past the
     * latest offset); the marker after, or empty when the user is no member there.
     */
    default Optional<Long> markRead(ConversationId conversation, UserId user, long offset) {
        throw new UnsupportedOperationException("this store keeps no read markers");
    }

    /**
     * Where {@code user} stands in each of {@code conversations} they are a member of: their read marker and how
     * many messages of others, shown, lie after it.
     */
    default List<ReadState> readStates(UserId user, Collection<ConversationId> conversations) {
        return List.of();
    }

    /**
     * Erases {@code user}: every message of theirs is deleted as {@link #amend} does (each with its entry), their
     * memberships and read markers go; of the conversations they owned, one whose other members have no owner
     * gets the longest-standing of them as owner, and one with nobody left is deleted. Idempotent: a user with
     * nothing left erases nothing.
     */
    default Erasure erase(UserId user, Instant at) {
        throw new UnsupportedOperationException("this store cannot erase users");
    }

    /**
     * An edit ({@code content} present) or a delete of the message {@code target}, by {@code by}; {@code entry} is
     * the id of the entry that records it.
     *
     * @param anyone whether {@code by} may change another's message (an owner, the server key)
     */
    record Amendment(ConversationId conversation, MessageId target, MessageId entry, UserId by,
                     Optional<String> content, boolean anyone, Instant at) {
    }

    /** The outcome of {@link #amend}. */
    sealed interface Amended {
        /** Stored: the entry at its offset, and the message as it was before. */
        record Done(Message entry, Message before) implements Amended {
        }

        /** No such message shown in that conversation (never stored, deleted, or an edit itself). */
        record NoSuchMessage() implements Amended {
        }

        /** The message is another's, and the change may not touch others'. */
        record NotYours(UserId sender) implements Amended {
        }

        /** The conversation does not exist. */
        record NoSuchConversation() implements Amended {
        }
    }

    /** A member's read marker and how many messages of others are shown after it. */
    record ReadState(ConversationId conversation, long read, long unread) {
    }

    /**
     * What erasing a user removed: how many of their messages, the delete entries of those in conversations that
     * remain (in offset order per conversation), the attachments the messages carried, the conversations they
     * left, those deleted because nobody was left, and the members made owners.
     */
    record Erasure(int messages, List<Message> deletions, List<AttachmentId> attachments, List<ConversationId> left,
                   List<ConversationId> deleted, List<Promotion> promoted) {
        public Erasure {
            attachments = List.copyOf(attachments);
            deletions = List.copyOf(deletions);
            left = List.copyOf(left);
            deleted = List.copyOf(deleted);
            promoted = List.copyOf(promoted);
        }
    }

    /** {@code owner} became an owner of {@code conversation}, whose last owner was erased. */
    record Promotion(ConversationId conversation, UserId owner) {
    }

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
