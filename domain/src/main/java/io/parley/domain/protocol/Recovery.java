package io.parley.domain.protocol;

/** What a {@code join} reports about catching up with missed messages. */
public enum Recovery {
    /** The join had no {@code since}: nothing to recover, {@code recovered} is left out. */
    NOT_REQUESTED,
    /** Every message after {@code since} follows the {@code joined} frame. */
    COMPLETE,
    /**
     * The replay does not start right after {@code since} (older messages were purged) or does not reach the latest
     * offset (cut by count or bytes): what follows is contiguous, and the rest is paged with {@code history}.
     */
    PARTIAL
}
