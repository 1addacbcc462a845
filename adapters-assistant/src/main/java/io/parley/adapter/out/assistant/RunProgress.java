package io.parley.adapter.out.assistant;

/**
 * What one run has produced so far: the text relayed, the attempts made, when the first token came, and what
 * the provider said about the reply. Written by the run's own thread only.
 */
final class RunProgress {
    private final long startNanos;
    private final StringBuilder text = new StringBuilder();
    private int attempts;
    private long firstTokenNanos = -1;
    private String model;
    private String finishReason;
    private StreamEvent.Usage usage;

    /** Starts the record of a run; {@code model} is the configured one until the provider names its own. */
    RunProgress(long startNanos, String model) {
        this.startNanos = startNanos;
        this.model = model;
    }

    void attemptStarted() {
        attempts++;
    }

    void append(String piece) {
        if (firstTokenNanos < 0) {
            firstTokenNanos = System.nanoTime();
        }
        text.append(piece);
    }

    /** Notes what a chunk says about the reply besides its text. */
    void noted(StreamEvent.Chunk chunk) {
        model = chunk.model() != null ? chunk.model() : model;
        finishReason = chunk.finishReason() != null ? chunk.finishReason() : finishReason;
        usage = chunk.usage() != null ? chunk.usage() : usage;
    }

    void finished(String reason) {
        finishReason = reason;
    }

    String text() {
        return text.toString();
    }

    boolean started() {
        return firstTokenNanos >= 0;
    }

    int attempts() {
        return attempts;
    }

    /** The model the provider named in its chunks, else the configured one. */
    String model() {
        return model;
    }

    String finishReason() {
        return finishReason;
    }

    StreamEvent.Usage usage() {
        return usage;
    }

    long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }

    /** Milliseconds from the run's start to its first token, or -1 if none came. */
    long firstTokenMillis() {
        return firstTokenNanos < 0 ? -1 : (firstTokenNanos - startNanos) / 1_000_000;
    }
}
