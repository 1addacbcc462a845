package io.parley.adapter.out.cluster;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.run.RunId;

/** The events that cross nodes, each as a small JSON object (see {@link ClusterCodec}). */
final class ClusterEvents {
    private ClusterEvents() {
    }

    static ObjectNode write(ObjectMapper json, ServerEvent event) {
        ObjectNode out = json.createObjectNode();
        switch (event) {
            case ServerEvent.MessagePosted m -> message(out.put("t", "message"), m.message());
            case ServerEvent.RunEvent r -> out.put("t", "run").put("conv", r.conversation().value())
                    .put("run", r.runId().value()).put("seq", r.seq()).set("a", agUi(json, r.event()));
            case ServerEvent.Relayed r -> out.put("t", "relayed").put("conv", r.conversation().value())
                    .put("json", r.json());
            case ServerEvent.PresenceChanged p -> out.put("t", "presence").put("conv", p.conversation().value())
                    .put("user", p.user().value()).put("joined", p.joined());
            case ServerEvent.UserPushed u -> out.put("t", "user").put("user", u.user().value())
                    .put("json", u.json());
            case ServerEvent.Broadcast b -> out.put("t", "broadcast").put("json", b.json());
            default -> throw new IllegalArgumentException("a " + event.getClass().getSimpleName()
                    + " does not cross nodes");
        }
        return out;
    }

    static ServerEvent read(JsonNode in) {
        return switch (in.path("t").asText()) {
            case "message" -> new ServerEvent.MessagePosted(message(in));
            case "run" -> new ServerEvent.RunEvent(new ConversationId(in.path("conv").asText()),
                    new RunId(in.path("run").asText()), in.path("seq").asLong(), agUi(in.get("a")));
            case "relayed" -> new ServerEvent.Relayed(new ConversationId(in.path("conv").asText()),
                    in.path("json").asText());
            case "presence" -> new ServerEvent.PresenceChanged(new ConversationId(in.path("conv").asText()),
                    new UserId(in.path("user").asText()), in.path("joined").asBoolean());
            case "user" -> new ServerEvent.UserPushed(new UserId(in.path("user").asText()),
                    in.path("json").asText());
            case "broadcast" -> new ServerEvent.Broadcast(in.path("json").asText());
            default -> throw new IllegalArgumentException("unknown cluster event " + in.path("t"));
        };
    }

    private static void message(ObjectNode out, Message m) {
        out.put("conv", m.conversation().value()).put("offset", m.offset()).put("id", m.id().value())
                .put("role", m.role().wireName()).put("sender", m.sender().value()).put("content", m.content())
                .put("at", m.at().toString()).put("runId", m.runId().map(RunId::value).orElse(null));
    }

    private static Message message(JsonNode in) {
        return new Message(new ConversationId(in.path("conv").asText()), in.path("offset").asLong(),
                new MessageId(in.path("id").asText()), MessageRole.fromWireName(in.path("role").asText())
                .orElseThrow(), new UserId(in.path("sender").asText()), in.path("content").asText(),
                Instant.parse(in.path("at").asText()), in.path("runId").isTextual()
                ? new RunId(in.get("runId").asText()) : null);
    }

    private static ObjectNode agUi(ObjectMapper json, AgUiEvent event) {
        ObjectNode out = json.createObjectNode().put("type", event.type());
        switch (event) {
            case AgUiEvent.RunStarted e -> out.put("threadId", e.threadId()).put("runId", e.runId());
            case AgUiEvent.RunFinished e -> out.put("threadId", e.threadId()).put("runId", e.runId())
                    .put("provider", e.provider()).put("model", e.model());
            case AgUiEvent.RunError e -> out.put("message", e.message()).put("code", e.code());
            case AgUiEvent.StepStarted e -> out.put("stepName", e.stepName());
            case AgUiEvent.StepFinished e -> out.put("stepName", e.stepName());
            case AgUiEvent.TextMessageStart e -> out.put("messageId", e.messageId());
            case AgUiEvent.TextMessageContent e -> out.put("messageId", e.messageId()).put("delta", e.delta());
            case AgUiEvent.TextMessageEnd e -> out.put("messageId", e.messageId());
        }
        return out;
    }

    private static AgUiEvent agUi(JsonNode in) {
        String text = in.path("type").asText();
        return switch (text) {
            case "RUN_STARTED" -> new AgUiEvent.RunStarted(in.path("threadId").asText(), in.path("runId").asText());
            case "RUN_FINISHED" -> new AgUiEvent.RunFinished(in.path("threadId").asText(),
                    in.path("runId").asText(), in.path("provider").asText(), in.path("model").asText());
            case "RUN_ERROR" -> new AgUiEvent.RunError(in.path("message").asText(), in.path("code").asText());
            case "STEP_STARTED" -> new AgUiEvent.StepStarted(in.path("stepName").asText());
            case "STEP_FINISHED" -> new AgUiEvent.StepFinished(in.path("stepName").asText());
            case "TEXT_MESSAGE_START" -> new AgUiEvent.TextMessageStart(in.path("messageId").asText());
            case "TEXT_MESSAGE_CONTENT" -> new AgUiEvent.TextMessageContent(in.path("messageId").asText(),
                    in.path("delta").asText());
            case "TEXT_MESSAGE_END" -> new AgUiEvent.TextMessageEnd(in.path("messageId").asText());
            default -> throw new IllegalArgumentException("unknown AG-UI event " + text);
        };
    }
}
