package io.parley.adapter.out.assistant;

import java.time.Duration;

/**
 * Settings of the offline echo assistant.
 *
 * @param chunkDelay the pause between streamed chunks, zero for none
 */
public record EchoSettings(Duration chunkDelay) implements AssistantSettings {
    /** The default pause between chunks: slow enough to see the reply stream in. */
    public static final Duration DEFAULT_CHUNK_DELAY = Duration.ofMillis(40);

    public EchoSettings {
        if (chunkDelay == null || chunkDelay.isNegative() || chunkDelay.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("the echo chunk delay must be between 0 and 10 s: " + chunkDelay);
        }
    }

    /** The echo assistant with its default chunk delay. */
    public static EchoSettings defaults() {
        return new EchoSettings(DEFAULT_CHUNK_DELAY);
    }

    @Override
    public String provider() {
        return "echo";
    }
}
