package io.parley.domain.protocol;

/** What a {@code join} reports about catching up with missed messages. */
public enum Recovery {
    /** The join had no {@code since}: nothing to recover, {@code recovered} is left out. */
    NOT_REQUESTED,
    /** Every message after {@code since} follows the {@code joined} frame. */
    COMPLETE,
    /** More messages were missed than a join replays: none follow; page them over HTTP. */
    TOO_MANY
}
