package io.parley.adapter.out.assistant;

import java.util.List;

import io.parley.application.port.out.AssistantReply;
import io.parley.domain.protocol.AgUiEvent.TokenUsage;

/**
 * What one run has produced so far: the text and the reasoning relayed, the tool calls begun, the attempts made,
 * when the first token came (text, reasoning or a tool call), and what the provider said about the reply. Written
 * by the run's own thread only.
 */
final class RunProgress {
    private final long startNanos;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final ToolCallAssembly toolCalls;
    private int attempts;
    private long firstTokenNanos = -1;
    private String model;
    private String finishReason;
    private StreamEvent.Usage usage;
    private int toolResults;

    /** Starts the record of run {@code runId}; {@code model} is the configured one until the provider names one. */
    RunProgress(long startNanos, String model, String runId) {
        this.startNanos = startNanos;
        this.model = model;
        this.toolCalls = new ToolCallAssembly(runId);
    }

    void attemptStarted() {
        attempts++;
    }

    void append(String piece) {
        produced();
        text.append(piece);
    }

    void appendReasoning(String piece) {
        produced();
        reasoning.append(piece);
    }

    /** Takes a tool-call fragment; the steps the caller's stream is to see. */
    List<ToolCallAssembly.Step> toolCall(StreamEvent.ToolCallDelta delta) {
        produced();
        return toolCalls.take(delta);
    }

    private void produced() {
        if (firstTokenNanos < 0) {
            firstTokenNanos = System.nanoTime();
        }
    }

    /** Notes what a chunk says about the reply besides what it carries. */
    void noted(StreamEvent.Chunk chunk) {
        model = chunk.model() != null ? chunk.model() : model;
        finishReason = chunk.finishReason() != null ? chunk.finishReason() : finishReason;
        usage = chunk.usage() != null ? chunk.usage() : usage;
    }

    void finished(String reason) {
        finishReason = reason;
    }

    /** Notes the token counts of the whole run, for its log line. */
    void used(StreamEvent.Usage total) {
        usage = total;
    }

    /** Notes the result of a tool the agent ran itself (not relayed). */
    void toolResultSeen() {
        toolResults++;
    }

    /** The reply as it stands, complete: text, tool calls, reasoning and the usage reported, if any. */
    AssistantReply.Completed completed(String provider) {
        return completed(provider, usage == null ? List.of() : List.of(new TokenUsage(provider, model,
                usage.promptTokens(), usage.completionTokens(), usage.reasoningTokens())));
    }

    /** The reply as it stands, complete, with the token counts the upstream reported as they are. */
    AssistantReply.Completed completed(String provider, List<TokenUsage> reported) {
        return new AssistantReply.Completed(text(), provider, model, toolCalls.calls(), reasoning(), reported);
    }

    String text() {
        return text.toString();
    }

    String reasoning() {
        return reasoning.toString();
    }

    int toolCallCount() {
        return toolCalls.count();
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

    /** How many results of tools the agent ran itself came by. */
    int toolResults() {
        return toolResults;
    }

    long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }

    /** Milliseconds from the run's start to its first token, or -1 if none came. */
    long firstTokenMillis() {
        return firstTokenNanos < 0 ? -1 : (firstTokenNanos - startNanos) / 1_000_000;
    }
}
