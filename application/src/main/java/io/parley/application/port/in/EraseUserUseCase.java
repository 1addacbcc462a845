package io.parley.application.port.in;

import java.util.List;

import io.parley.application.port.out.ConversationStorePort.Promotion;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;

/**
 * Erasing a user ({@code DELETE /api/users/{user}}, server key): every message of theirs becomes
 * {@code message_deleted} with its content gone, their memberships, read markers and attachments go, their live
 * connections close on every node; a conversation they owned gets another owner, or goes when nobody is left.
 */
public interface EraseUserUseCase {

    /** Done: what was removed (nothing, the second time). Refused: {@code unavailable}. */
    Outcome<Erased> erase(UserId user);

    /** What erasing removed. */
    record Erased(UserId user, int messages, int attachments, List<ConversationId> left,
                  List<ConversationId> deleted, List<Promotion> promoted, int connections) {
        public Erased {
            left = List.copyOf(left);
            deleted = List.copyOf(deleted);
            promoted = List.copyOf(promoted);
        }
    }
}
