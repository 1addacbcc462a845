package io.parley.application.port.in;

import io.parley.domain.conversation.ConversationId;

/**
 * Erases a conversation, its members and its history ({@code DELETE /api/conversations/{id}}): every live member
 * gets {@code deleted} and is unsubscribed, a run in flight is cancelled. The id may be created again; its
 * offsets go on after the old ones.
 */
public interface DeleteConversationUseCase {

    /**
     * The owner or the server key. Refused: {@code unauthorized}, {@code forbidden}, {@code not_found},
     * {@code unavailable}.
     */
    Outcome<Deleted> delete(Caller caller, ConversationId conversation);

    /** Erased. */
    record Deleted(ConversationId conversation) {
    }
}
