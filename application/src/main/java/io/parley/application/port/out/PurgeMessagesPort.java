package io.parley.application.port.out;

import java.time.Instant;
import java.util.List;

import io.parley.domain.conversation.AttachmentId;
import io.parley.domain.conversation.RetentionPolicy;

/** Deletes messages that the retention policy no longer keeps. */
public interface PurgeMessagesPort {

    /**
     * Deletes every message older than the policy's age limit and, per conversation, all but its newest
     * {@code maxMessages}. Offsets are not touched: later messages continue after the highest offset ever given.
     *
     * @return how many messages were deleted, and the attachments those messages carried (to be deleted too)
     */
    Purged purge(RetentionPolicy policy, Instant now);

    /** What a purge deleted: {@code messages} messages, which carried {@code attachments}. */
    record Purged(long messages, List<AttachmentId> attachments) {
        public Purged {
            attachments = List.copyOf(attachments);
        }
    }
}
