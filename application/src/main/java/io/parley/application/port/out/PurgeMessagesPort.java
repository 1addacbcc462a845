package io.parley.application.port.out;

import java.time.Instant;

import io.parley.domain.conversation.RetentionPolicy;

/** Deletes messages that the retention policy no longer keeps. */
public interface PurgeMessagesPort {

    /**
     * Deletes every message older than the policy's age limit and, per conversation, all but its newest
     * {@code maxMessages}. Offsets are not touched: later messages continue after the highest offset ever given.
     *
     * @return how many messages were deleted
     */
    long purge(RetentionPolicy policy, Instant now);
}
