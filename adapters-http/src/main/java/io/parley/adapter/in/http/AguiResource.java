package io.parley.adapter.in.http;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import com.fasterxml.jackson.databind.JsonNode;

import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;

import io.parley.adapter.common.json.EventWriter;
import io.parley.adapter.common.json.ResumeJson;
import io.parley.adapter.common.json.ToolsJson;
import io.parley.adapter.common.web.ProblemResponses;
import io.parley.adapter.common.web.RequestCredentials;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.RunAssistantUseCase;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.NewMessage;
import io.parley.domain.conversation.Tool;
import io.parley.domain.conversation.ToolCall;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.run.ResumeEntry;
import io.parley.domain.run.RunId;

/**
 * {@code POST /agui}: an AG-UI {@code RunAgentInput} in, a {@code text/event-stream} of AG-UI events out, as the
 * AG-UI {@code HttpAgent} expects. {@code threadId} is the conversation; the input's user messages and tool
 * results are stored (ids already stored are skipped), its {@code tools} are offered to the model, and the run is
 * the one every member of the conversation sees.
 */
final class AguiResource {
    private static final System.Logger LOG = System.getLogger(AguiResource.class.getName());

    private final RunAssistantUseCase runAssistant;
    private final Bodies bodies;
    private final EventWriter events;
    private final ProblemResponses problems;
    private final StalledWrites writes;

    AguiResource(RunAssistantUseCase runAssistant, Bodies bodies, EventWriter events, ProblemResponses problems,
                 StalledWrites writes) {
        this.writes = writes;
        this.runAssistant = runAssistant;
        this.bodies = bodies;
        this.events = events;
        this.problems = problems;
    }

    void run(ServerRequest request, ServerResponse response) {
        JsonNode input = bodies.json(request);
        String thread = Bodies.text(input, "threadId").filter(ConversationId::isValid).orElseThrow(
                () -> new Bodies.BadRequest("threadId must be a conversation id: 1-128 characters of [A-Za-z0-9._:-]"));
        List<Tool> tools;
        List<ResumeEntry> resume;
        try {
            tools = ToolsJson.read(input.get("tools"));
            resume = ResumeJson.read(input.get("resume"));
        } catch (IllegalArgumentException e) {
            throw new Bodies.BadRequest(e.getMessage());
        }
        RunAssistantUseCase.RunAssistant command = new RunAssistantUseCase.RunAssistant(
                RequestCredentials.of(request), new ConversationId(thread), Bodies.text(input, "runId"),
                inputMessages(input), tools, resume);
        BlockingQueue<AgUiEvent> stream = new LinkedBlockingQueue<>();
        switch (runAssistant.run(command, (run, seq, event) -> stream.add(event))) {
            case Outcome.Done<RunAssistantUseCase.Started> started -> stream(response, stream);
            case Outcome.Refused<RunAssistantUseCase.Started> refused -> problems.send(response, refused.refusal());
        }
    }

    /**
     * Writes the run's events as Server-Sent Events until it ends; a client that goes away, or stops reading for
     * longer than the write timeout, cancels it.
     */
    private void stream(ServerResponse response, BlockingQueue<AgUiEvent> stream) {
        RunId runId = null;
        try (SseSink sink = response.sink(SseSink.TYPE)) {
            while (true) {
                AgUiEvent event = stream.take();
                if (event instanceof AgUiEvent.RunStarted started) {
                    runId = new RunId(started.runId());
                }
                byte[] data = events.agUi(event);
                writes.write(() -> sink.emit(SseEvent.create(data)));
                if (event instanceof AgUiEvent.RunFinished || event instanceof AgUiEvent.RunError) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            // the client went away, or stopped reading and its write was cut; Helidon reports either unchecked
            LOG.log(Level.DEBUG, "the AG-UI stream ended before its run", e);
            cancel(runId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel(runId);
        }
    }

    private void cancel(RunId runId) {
        if (runId != null) {
            runAssistant.cancel(runId);
        }
    }

    /** The input's user messages and tool results, in order (its assistant and system messages are not stored). */
    private static List<RunAssistantUseCase.InputMessage> inputMessages(JsonNode input) {
        JsonNode messages = input.get("messages");
        if (messages == null || messages.isNull()) {
            return List.of();
        }
        if (!messages.isArray()) {
            throw new Bodies.BadRequest("messages must be an array");
        }
        List<RunAssistantUseCase.InputMessage> users = new ArrayList<>();
        for (JsonNode message : messages) {
            String role = message.path("role").asText();
            if (!"user".equals(role) && !"tool".equals(role)) {
                continue;
            }
            String id = Bodies.text(message, "id").filter(MessageId::isValid).orElseThrow(() ->
                    new Bodies.BadRequest("every " + role + " message needs an id of 1-64 characters of "
                            + "[A-Za-z0-9._:-]"));
            Optional<String> text = content(message.get("content"));
            if (text.isPresent() && !text.get().isEmpty() && !NewMessage.isValidContent(text.get())) {
                throw new Bodies.BadRequest("message content must not contain NUL characters");
            }
            if ("tool".equals(role)) {
                String call = Bodies.text(message, "toolCallId").filter(ToolCall::isValidName).orElseThrow(() ->
                        new Bodies.BadRequest("every tool message needs the toolCallId it answers"));
                users.add(new RunAssistantUseCase.InputMessage(new MessageId(id), text.orElse(""),
                        Optional.of(call)));
            } else {
                text.filter(t -> !t.isEmpty())
                        .ifPresent(t -> users.add(new RunAssistantUseCase.InputMessage(new MessageId(id), t)));
            }
        }
        return users;
    }

    /** A message's text: a string, or the text parts of a list of input contents. */
    private static Optional<String> content(JsonNode content) {
        if (content == null || content.isNull()) {
            return Optional.empty();
        }
        if (content.isTextual()) {
            return Optional.of(content.textValue());
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            content.forEach(part -> {
                if ("text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
                    text.append(part.get("text").textValue());
                }
            });
            return Optional.of(text.toString());
        }
        throw new Bodies.BadRequest("message content must be a string or a list of parts");
    }
}
