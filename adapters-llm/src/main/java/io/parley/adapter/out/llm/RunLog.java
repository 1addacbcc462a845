package io.parley.adapter.out.llm;

import java.lang.System.Logger.Level;

import io.parley.application.port.out.AssistantPrompt;
import io.parley.application.port.out.AssistantReply;

/** Writes the one line each finished run leaves: how it ended and how long it took; never text or keys. */
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
        log.log(reply instanceof AssistantReply.Failed ? Level.WARNING : Level.INFO, Logfmt.line(
                "event", "assistant_run",
                "run", prompt.runId(),
                "conversation", prompt.conversation().value(),
                "provider", provider,
                "model", progress.model(),
                "outcome", outcome,
                "failure", failure,
                "reason", reply instanceof AssistantReply.Failed f ? f.message() : null,
                "first_token_ms", progress.firstTokenMillis(),
                "total_ms", progress.elapsedNanos() / 1_000_000,
                "attempts", progress.attempts(),
                "chars", progress.text().length(),
                "finish", progress.finishReason(),
                "prompt_tokens", usage == null ? null : usage.promptTokens(),
                "completion_tokens", usage == null ? null : usage.completionTokens()));
    }
}
