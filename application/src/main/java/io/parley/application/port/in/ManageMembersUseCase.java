package io.parley.application.port.in;

import java.util.List;
import java.util.Optional;

import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Member;
import io.parley.domain.conversation.Role;

/**
 * A conversation's members: who they are, and granting, changing and revoking roles. A change reaches the
 * member's live connections at once: {@code role} (they stay joined with what the new role allows) or {@code left}
 * with reason {@code removed}.
 */
public interface ManageMembersUseCase {

    /**
     * Gives {@code user} the role {@code role}. The owner or the server key; a server-key call on a conversation
     * that does not exist creates it. Refused: {@code unauthorized}, {@code forbidden} (not its owner),
     * {@code not_found}, {@code unavailable}.
     */
    Outcome<RoleSet> setRole(Caller caller, ConversationId conversation, UserId user, Role role);

    /** Ends {@code user}'s membership. The owner or the server key. Refused as {@link #setRole}. */
    Outcome<Removed> remove(Caller caller, ConversationId conversation, UserId user);

    /**
     * A page of the members, by user id after {@code after}, at most {@code limit} (1..1000). Members (any role)
     * or the server key. Refused: {@code unauthorized}, {@code forbidden}, {@code not_found}, {@code unavailable}.
     */
    Outcome<MembersPage> members(Caller caller, ConversationId conversation, Optional<UserId> after, int limit);

    /** The role is set; {@code previous} is the role before (empty: no member), {@code created} a new conversation. */
    record RoleSet(Optional<Role> previous, boolean created) {
    }

    /** The membership ended; the user had {@code role}. */
    record Removed(Role role) {
    }

    /** Members in user-id order; {@code next} is where the next page starts after, when there is one. */
    record MembersPage(List<Member> members, Optional<UserId> next) {
        public MembersPage {
            members = List.copyOf(members);
        }
    }
}
