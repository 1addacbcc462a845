package io.parley.application.port.in;

/** Applies the retention policy. */
public interface PurgeExpiredMessagesUseCase {

    /** Deletes the messages the retention policy no longer keeps; returns how many. Offsets are not touched. */
    long purgeExpired();
}
