package io.parley.adapter.out.assistant;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.parley.adapter.common.json.AgUiReader;
import io.parley.application.port.out.AssistantPort;
import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.AssistantReply.Failure;
import io.parley.domain.LogLine;
import io.parley.domain.conversation.ToolCall;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.protocol.AgUiEvent.TokenUsage;

/**
 * An agent's AG-UI stream as an {@link Attempt} reads it: each event's chunks {@link AguiChunks expanded}, each
 * event {@link AguiRules checked}, then translated into the caller's stream: text (of every text message, as one
 * reply), tool calls (started, then their argument fragments exactly as sent), reasoning, state snapshots and
 * deltas. {@code RUN_FINISHED} completes the reply once the stream has ended (with the usage it reports);
 * {@code RUN_ERROR} fails it; a broken rule tells the caller the stream is {@code broken} and fails it; a stream
 * that ends before either is incomplete. Steps, custom, raw, messages-snapshot, activity and subagent events are
 * not relayed, nor are the results of tools the agent ran itself (counted in the run's log line). One instance
 * serves one run: only a stream that began nothing is ever tried again.
 */
final class AguiStream implements StreamProtocol {
    static final String PROVIDER = "agui";
    private static final System.Logger LOG = System.getLogger(AguiStream.class.getName());

    private final RunProgress progress;
    private final StreamRelay relay;
    private final String runId;
    private final AguiChunks chunks;
    private final AguiRules rules = new AguiRules();
    private final Map<String, Integer> callIndexes = new HashMap<>();
    private AssistantReply.Completed finished;
    private boolean stateChanged;

    AguiStream(RunProgress progress, AssistantPort.Stream deltas, ObjectMapper json, String runId) {
        this.progress = progress;
        this.relay = new StreamRelay(progress, deltas);
        this.runId = runId;
        this.chunks = new AguiChunks(json);
    }

    @Override
    public AssistantReply take(StreamEvent event) {
        try {
            return switch (event) {
                case StreamEvent.Agui agui -> {
                    relay(agui.event());
                    yield null;
                }
                case StreamEvent.Unreadable unreadable -> throw new AguiViolation(unreadable.message());
                case StreamEvent.Ended ended -> {
                    if (finished == null) {
                        throw new AttemptFailure.Broken(Failure.UNAVAILABLE,
                                "the agent's stream ended before RUN_FINISHED", progress.text());
                    }
                    yield finished;
                }
                default -> throw new IllegalStateException("not an event of an AG-UI stream: " + event);
            };
        } catch (AguiViolation violation) {
            String reason = "the agent broke the AG-UI rules: " + violation.getMessage();
            relay.broken(reason);
            throw new AttemptFailure.Violated(reason, progress.text());
        }
    }

    @Override
    public boolean started() {
        return progress.started() || stateChanged;
    }

    private void relay(JsonNode event) {
        for (JsonNode expanded : chunks.expand(event)) {
            rules.check(expanded);
            translate(expanded);
        }
    }

    private void translate(JsonNode event) {
        String type = event.get("type").asText();
        switch (type) {
            case "TEXT_MESSAGE_CONTENT" -> relay.text(event.get("delta").asText());
            case "REASONING_MESSAGE_CONTENT", "THINKING_TEXT_MESSAGE_CONTENT" ->
                    relay.reasoning(event.get("delta").asText());
            case "TOOL_CALL_START" -> {
                String id = event.get("toolCallId").asText();
                String name = event.get("toolCallName").asText();
                if (!ToolCall.isValidName(id) || !ToolCall.isValidName(name)) {
                    throw new AguiViolation("a tool call with an id or a name that is empty, too long or has "
                            + "control characters");
                }
                relay.toolCall(new StreamEvent.ToolCallDelta(index(id), id, name, ""));
            }
            case "TOOL_CALL_ARGS" -> relay.toolCall(new StreamEvent.ToolCallDelta(
                    index(event.get("toolCallId").asText()), null, null, event.get("delta").asText()));
            case "STATE_SNAPSHOT" -> {
                stateChanged = true;
                relay.stateSnapshot(event.get("snapshot").toString());
            }
            case "STATE_DELTA" -> {
                stateChanged = true;
                relay.stateDelta(event.get("delta").toString());
            }
            case "RUN_FINISHED" -> finished = completed(event);
            case "RUN_ERROR" -> throw new AttemptFailure.Broken(Failure.UPSTREAM_ERROR,
                    "the agent reported an error: " + event.get("message").asText(), progress.text());
            default -> skipped(type);
        }
    }

    /** The position of the call {@code id} among the run's calls, for the {@link ToolCallAssembly}. */
    private int index(String id) {
        return callIndexes.computeIfAbsent(id, known -> callIndexes.size());
    }

    private AssistantReply.Completed completed(JsonNode event) {
        progress.finished(event.path("outcome").path("type").asText("success"));
        List<TokenUsage> usage = AgUiReader.read(event).orElse(null) instanceof AgUiEvent.RunFinished run
                ? run.usage() : List.of();
        if (!usage.isEmpty()) {
            progress.used(new StreamEvent.Usage(total(usage, TokenUsage::inputTokens),
                    total(usage, TokenUsage::outputTokens), total(usage, TokenUsage::reasoningTokens)));
        }
        return progress.completed(PROVIDER, usage);
    }

    /** The sum of the counts reported, or -1 when none was. */
    private static long total(List<TokenUsage> usage, ToLongFunction<TokenUsage> count) {
        return usage.stream().mapToLong(count).filter(tokens -> tokens >= 0).reduce(Long::sum).orElse(-1);
    }

    private void skipped(String type) {
        if (type.equals("TOOL_CALL_RESULT")) {
            progress.toolResultSeen();
        }
        LOG.log(Level.DEBUG, () -> LogLine.event("assistant_agui_event_skipped")
                .with("run", runId)
                .with("type", type).toString());
    }
}
