package io.parley.application.port.out;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.Role;

/**
 * Where webhook deliveries come from: the store's log of each conversation (its entries, in offset order) and its
 * membership changes, each written in the transaction that stored it, with a cursor of what was delivered. One
 * node at a time delivers ({@link #lead}). Throws {@link StoreUnavailableException} when the store cannot be
 * reached.
 */
public interface WebhookOutboxPort {

    /** Turns webhooks on (events from now on are delivered; what was stored before is not) or off. */
    void enable(boolean on, Instant now);

    /** Whether this node delivers: takes or renews the lease for {@code lease} from {@code now}. */
    boolean lead(String node, Instant now, Duration lease);

    /** Conversations with entries not yet delivered whose next try is due, at most {@code limit}. */
    List<Cursor> due(Instant now, int limit);

    /** The first entry of {@code conversation} after {@code offset}, if one is stored. */
    Optional<Message> next(ConversationId conversation, long offset);

    /** Everything up to {@code offset} of {@code conversation} was delivered. */
    void delivered(ConversationId conversation, long offset);

    /** The entry after the cursor failed its {@code attempts}-th time; it is tried again at {@code next}. */
    void failed(ConversationId conversation, int attempts, Instant next, String error);

    /** The entry at {@code offset} is set aside after {@code attempts}; the conversation goes on after it. */
    void park(ConversationId conversation, long offset, String eventId, String type, int attempts, String error,
              Instant now);

    /** The next membership change to deliver, with the retries it had, if one is due. */
    Optional<MembershipEvent> nextMembershipEvent(Instant now);

    /** The membership change {@code id} was delivered (or parked, when {@code parked}). */
    void membershipDelivered(long id);

    /** The membership change failed its {@code attempts}-th time; tried again at {@code next}. */
    void membershipFailed(int attempts, Instant next, String error);

    /** How many deliveries were set aside. */
    long parked();

    /** A conversation whose entries after {@code delivered} wait, with the retries of the next one. */
    record Cursor(ConversationId conversation, long delivered, long latest, int attempts) {
    }

    /** A membership change: {@code kind} is {@code joined}, {@code role} or {@code removed}. */
    record MembershipEvent(long id, ConversationId conversation, UserId user, String kind, Optional<Role> role,
                           Instant at, int attempts) {
    }
}
