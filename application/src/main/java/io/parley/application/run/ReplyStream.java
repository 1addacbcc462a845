package io.parley.application.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.parley.application.port.out.AssistantPort;
import io.parley.domain.conversation.ContentLimit;
import io.parley.domain.conversation.ToolCall;
import io.parley.domain.protocol.AgUiEvent;

/**
 * A reply as it streams, turned into AG-UI events: the answer's text as one text message (the id the stored
 * message will have), each span of reasoning as a reasoning message of its own, closed when the answer or a tool
 * call begins, and each tool call with its arguments exactly as the model sent them. Everything counts towards
 * the reply's bound; past it the run is cancelled and nothing more goes out. {@link #end} closes what is open.
 */
final class ReplyStream implements AssistantPort.Stream {
    private final Run run;
    private final ContentLimit bound;
    private final Consumer<AgUiEvent> emit;
    private final RunState state;
    private String broken;
    private final String messageId;
    private final Map<String, StringBuilder> arguments = new LinkedHashMap<>();
    private final Map<String, String> names = new LinkedHashMap<>();
    private long bytes;
    private boolean textBegun;
    private String reasoningId;
    private int reasoningSpans;
    private boolean tooLarge;

    ReplyStream(Run run, ContentLimit bound, Consumer<AgUiEvent> emit, RunState state) {
        this.state = state;
        this.run = run;
        this.bound = bound;
        this.emit = emit;
        this.messageId = run.messageId().value();
    }

    @Override
    public void accept(String delta) {
        if (!admit(delta)) {
            return;
        }
        closeReasoning();
        if (!textBegun) {
            textBegun = true;
            emit.accept(new AgUiEvent.TextMessageStart(messageId));
        }
        emit.accept(new AgUiEvent.TextMessageContent(messageId, delta));
    }

    @Override
    public void reasoning(String delta) {
        if (!admit(delta)) {
            return;
        }
        if (reasoningId == null) {
            reasoningSpans++;
            reasoningId = messageId + ":reasoning" + (reasoningSpans == 1 ? "" : "-" + reasoningSpans);
            emit.accept(new AgUiEvent.ReasoningStart(reasoningId));
            emit.accept(new AgUiEvent.ReasoningMessageStart(reasoningId));
        }
        emit.accept(new AgUiEvent.ReasoningMessageContent(reasoningId, delta));
    }

    @Override
    public void toolCallStarted(String id, String name) {
        if (tooLarge || arguments.containsKey(id) || !ToolCall.isValidName(id) || !ToolCall.isValidName(name)) {
            return;
        }
        closeReasoning();
        arguments.put(id, new StringBuilder());
        names.put(id, name);
        emit.accept(new AgUiEvent.ToolCallStart(id, name, messageId));
    }

    @Override
    public void toolCallArguments(String id, String delta) {
        if (!arguments.containsKey(id) || !admit(delta)) {
            return;
        }
        arguments.get(id).append(delta);
        emit.accept(new AgUiEvent.ToolCallArgs(id, delta));
    }

    @Override
    public void stateSnapshot(String snapshot) {
        if (broken == null && !tooLarge) {
            changed(state.snapshot(run.conversation(), snapshot));
        }
    }

    @Override
    public void stateDelta(String patch) {
        if (broken == null && !tooLarge) {
            changed(state.delta(run.conversation(), patch));
        }
    }

    @Override
    public void broken(String reason) {
        if (broken == null) {
            broken = reason;
            run.cancellation().cancel();
        }
    }

    /** Why the agent's reply cannot be trusted, if it broke its protocol's rules. */
    Optional<String> broken() {
        return Optional.ofNullable(broken);
    }

    private void changed(RunState.Outcome outcome) {
        switch (outcome) {
            case RunState.Outcome.Changed changed -> emit.accept(changed.event());
            case RunState.Outcome.Broken refused -> broken(refused.reason());
        }
    }

    /** Whether the reply grew past its bound (the run was cancelled then). */
    boolean tooLarge() {
        return tooLarge;
    }

    /** Whether any reasoning went out. */
    boolean reasoned() {
        return reasoningSpans > 0;
    }

    /** Whether any of the answer's text went out. */
    boolean textBegun() {
        return textBegun;
    }

    /**
     * Closes what is open: the reasoning, the text, then the tool calls ({@code unstreamed} first go out whole:
     * the calls of a reply that came whole, not streamed). Returns every call, in the order they began.
     */
    List<ToolCall> end(List<ToolCall> unstreamed) {
        closeReasoning();
        for (ToolCall call : unstreamed) {
            if (!arguments.containsKey(call.id())) {
                toolCallStarted(call.id(), call.name());
                toolCallArguments(call.id(), call.arguments());
            }
        }
        if (textBegun) {
            emit.accept(new AgUiEvent.TextMessageEnd(messageId));
        }
        List<ToolCall> calls = new ArrayList<>();
        arguments.forEach((id, args) -> {
            emit.accept(new AgUiEvent.ToolCallEnd(id));
            calls.add(new ToolCall(id, names.get(id), args.toString()));
        });
        return calls;
    }

    private void closeReasoning() {
        if (reasoningId != null) {
            emit.accept(new AgUiEvent.ReasoningMessageEnd(reasoningId));
            emit.accept(new AgUiEvent.ReasoningEnd(reasoningId));
            reasoningId = null;
        }
    }

    private boolean admit(String delta) {
        if (delta == null || delta.isEmpty() || tooLarge) {
            return false;
        }
        bytes += ContentLimit.utf8Length(delta);
        if (bytes > bound.maxBytes()) {
            tooLarge = true;
            run.cancellation().cancel();
            return false;
        }
        return true;
    }
}
