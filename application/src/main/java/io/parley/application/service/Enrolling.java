package io.parley.application.service;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import io.parley.application.port.out.ConversationStorePort.Enrollment;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.RateLimitPort;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.CreationPolicy;
import io.parley.domain.conversation.Grants;
import io.parley.domain.conversation.JoinPolicy;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.Role;
import io.parley.domain.ratelimit.RateDecision;
import io.parley.domain.ratelimit.RateLimit;

/**
 * Makes users members of conversations by the join policy, holding each user to the rate at which they may
 * create conversations: a join of an existing conversation costs nothing, creating one takes from the user's
 * bucket. The way into a conversation for a WebSocket {@code join} and an AG-UI run alike.
 */
final class Enrolling {
    private final ConversationStorePort store;
    private final RateLimitPort rateLimits;
    private final RateLimit newConversations;
    private final JoinPolicy policy;
    private final CreationPolicy creation;
    private final Clock clock;

    Enrolling(ConversationStorePort store, RateLimitPort rateLimits, ConversationLimits limits, JoinPolicy policy,
              Clock clock) {
        this.store = store;
        this.rateLimits = rateLimits;
        this.newConversations = limits.newConversations();
        this.creation = limits.creation();
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Enrolls {@code user}: a member keeps their stored role; a non-member is admitted as the join policy says
     * (dev: as a member) or as their token grants; a conversation that does not exist is created, the user its
     * owner, when the creation policy and the token allow and the user's creation rate has room.
     */
    Admittance enroll(ConversationId conversation, UserId user, Grants grants) {
        Optional<Role> admitAs = policy.admitNonMembersAs().or(() -> grants.roleIn(conversation));
        Enrollment enrollment = store.enroll(conversation, user, admitAs, false, NewMessage.timestamp(clock));
        if (enrollment instanceof Enrollment.NoSuchConversation) {
            if (!creation.allows(grants)) {
                return new Admittance.NotFound();
            }
            if (rateLimits.tryTake("create:" + user, newConversations) instanceof RateDecision.Limited limited) {
                return new Admittance.CreationLimited(limited.retryAfter(), newConversations.capacity());
            }
            enrollment = store.enroll(conversation, user, admitAs, true, NewMessage.timestamp(clock));
        }
        return switch (enrollment) {
            case Enrollment.Enrolled enrolled -> new Admittance.Member(enrolled.role(), enrolled.created());
            case Enrollment.NotAdmitted refused -> new Admittance.NotAdmitted();
            case Enrollment.NoSuchConversation gone -> new Admittance.NotAdmitted();
        };
    }

    /** How an enrollment went. */
    sealed interface Admittance {
        /** A member with {@code role}; {@code created} when the conversation was created now. */
        record Member(Role role, boolean created) implements Admittance {
        }

        /** The conversation admits only its members. */
        record NotAdmitted() implements Admittance {
        }

        /** The conversation does not exist, and this user may not create it. */
        record NotFound() implements Admittance {
        }

        /** Creating the conversation would exceed the user's {@code perMinute} new conversations. */
        record CreationLimited(Duration retryAfter, long perMinute) implements Admittance {
        }
    }
}
