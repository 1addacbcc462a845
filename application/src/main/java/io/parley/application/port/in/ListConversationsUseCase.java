package io.parley.application.port.in;

import java.util.List;
import java.util.Optional;

import io.parley.application.port.out.ConversationStorePort.Membership;
import io.parley.application.port.out.IdentityPort.Credentials;
import io.parley.domain.conversation.ConversationId;

/** The conversations of the user who asks ({@code GET /api/conversations}). */
public interface ListConversationsUseCase {

    /**
     * A page of the caller's conversations with their role and latest offset, by id after {@code after}, at most
     * {@code limit} (1..1000). Refused: {@code unauthorized}, {@code unavailable}.
     */
    Outcome<ConversationsPage> conversations(Credentials credentials, Optional<ConversationId> after, int limit);

    /** Memberships in conversation-id order; {@code next} is where the next page starts after, when there is one. */
    record ConversationsPage(List<Membership> conversations, Optional<ConversationId> next) {
        public ConversationsPage {
            conversations = List.copyOf(conversations);
        }
    }
}
