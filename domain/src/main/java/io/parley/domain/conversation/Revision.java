package io.parley.domain.conversation;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a stored entry of a conversation's log stands with edits and deletes. A message that was edited carries
 * its new content and {@code editedAt}; one that was deleted keeps its offset with its content gone
 * ({@code deletedAt}): the log stays gapless, and the message is shown nowhere. The edit or delete itself is an
 * entry of its own, at an offset of its own, that says which message it changed ({@code change}).
 *
 * @param editedAt  when the message was last edited, or {@code null}
 * @param deletedAt when the message was deleted, or {@code null}
 * @param change    what this entry did to another message, or {@code null} for a message
 */
public record Revision(Instant editedAt, Instant deletedAt, Change change) {
    /** A message as it was sent: never edited, not deleted. */
    public static final Revision NONE = new Revision(null, null, null);

    /** The entry that edited or deleted the message {@code target}. */
    public static Revision of(ChangeKind kind, MessageId target) {
        return new Revision(null, null, new Change(kind, target));
    }

    /** The change this entry made, if it is an edit or a delete. */
    public Optional<Change> changed() {
        return Optional.ofNullable(change);
    }

    /** What an entry did to the message {@code target}. */
    public record Change(ChangeKind kind, MessageId target) {
        public Change {
            if (kind == null || target == null) {
                throw new IllegalArgumentException("a change names its kind and the message it changed");
            }
        }
    }

    /** An edit or a delete. */
    public enum ChangeKind {
        EDITED, DELETED;

        /** The event's type on the wire: {@code message_edited} or {@code message_deleted}. */
        public String wireName() {
            return this == EDITED ? "message_edited" : "message_deleted";
        }
    }
}
