package io.parley.application.port.in;

import java.util.List;
import java.util.Optional;

import io.parley.application.port.out.ConversationStorePort.Membership;
import io.parley.application.port.out.ConversationStorePort.ReadState;
import io.parley.application.port.out.IdentityPort.Credentials;
import io.parley.domain.conversation.ConversationId;

/** The conversations of the user who asks ({@code GET /api/conversations}). */
public interface ListConversationsUseCase {

    /**
     * A page of the caller's conversations with their role and latest offset, by id after {@code after}, at most
     * {@code limit} (1..1000). Refused: {@code unauthorized}, {@code unavailable}.
     */
    Outcome<ConversationsPage> conversations(Credentials credentials, Optional<ConversationId> after, int limit);

    /**
     * Memberships in conversation-id order, with the caller's read marker and unread count in each (none where the
     * store keeps no markers); {@code next} is where the next page starts after, when there is one.
     */
    record ConversationsPage(List<Membership> conversations, List<ReadState> reads, Optional<ConversationId> next) {
        public ConversationsPage {
            conversations = List.copyOf(conversations);
            reads = List.copyOf(reads);
        }

        /** The read state of {@code conversation} on this page, if the store keeps one. */
        public Optional<ReadState> read(ConversationId conversation) {
            return reads.stream().filter(r -> r.conversation().equals(conversation)).findFirst();
        }
    }
}
