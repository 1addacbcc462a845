package io.parley.adapter.out.assistant;

import java.lang.System.Logger.Level;

import io.parley.application.port.out.AssistantPrompt;
import io.parley.application.port.out.AssistantReply;
import io.parley.domain.LogLine;

/**
 * Writes the one line each finished run leaves: how it ended, how long it took, how much it produced and the
 * tokens it cost; never text, arguments or keys.
 */
final class RunLog {

    private RunLog() {
    }

    static void ended(System.Logger log, AssistantPrompt prompt, String provider, AssistantReply reply,
                      RunProgress progress) {
        String outcome = switch (reply) {
            case AssistantReply.Completed c -> "completed";
            case AssistantReply.Failed f -> "failed";
            case AssistantReply.Cancelled c -> "cancelled";
        };
        String failure = reply instanceof AssistantReply.Failed f ? f.failure().code() : null;
        StreamEvent.Usage usage = progress.usage();
        log.log(reply instanceof AssistantReply.Failed ? Level.WARNING : Level.INFO, LogLine.event("assistant_run")
                .with("run", prompt.runId())
                .with("conversation", prompt.conversation().value())
                .with("provider", provider)
                .with("model", progress.model())
                .with("outcome", outcome)
                .with("failure", failure)
                .with("reason", reply instanceof AssistantReply.Failed f ? f.message() : null)
                .with("first_token_ms", progress.firstTokenMillis())
                .with("total_ms", progress.elapsedNanos() / 1_000_000)
                .with("attempts", progress.attempts())
                .with("chars", progress.text().length())
                .with("reasoning_chars", progress.reasoning().isEmpty() ? null : progress.reasoning().length())
                .with("tool_calls", progress.toolCallCount() == 0 ? null : progress.toolCallCount())
                .with("tool_results", progress.toolResults() == 0 ? null : progress.toolResults())
                .with("finish", progress.finishReason())
                .with("prompt_tokens", usage == null ? null : reported(usage.promptTokens()))
                .with("completion_tokens", usage == null ? null : reported(usage.completionTokens()))
                .with("reasoning_tokens", usage == null ? null : reported(usage.reasoningTokens())).toString());
    }

    /** A token count, or null (left out of the line) when the provider did not report it. */
    private static Long reported(long tokens) {
        return tokens < 0 ? null : tokens;
    }
}
