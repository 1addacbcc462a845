package io.parley.adapter.out.cluster;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import io.parley.adapter.common.json.AgUiReader;
import io.parley.adapter.common.json.EventWriter;
import io.parley.adapter.common.json.Json;
import io.parley.adapter.common.json.MessageReader;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.run.RunId;

/** The events that cross nodes, each as a small JSON object (see {@link ClusterCodec}). */
final class ClusterEvents {
    private static final EventWriter WRITER = new EventWriter(Json.sharedBuffers().build());

    private ClusterEvents() {
    }

    static ObjectNode write(ObjectMapper json, ServerEvent event) {
        ObjectNode out = json.createObjectNode();
        switch (event) {
            case ServerEvent.MessagePosted m -> message(out.put("t", "message"), m.message());
            case ServerEvent.RunEvent r -> out.put("t", "run").put("conv", r.conversation().value())
                    .put("run", r.runId().value()).put("seq", r.seq()).putRawValue("a", agUi(r.event()));
            case ServerEvent.StateEvent e -> out.put("t", "state").put("conv", e.conversation().value())
                    .putRawValue("a", agUi(e.event()));
            case ServerEvent.Relayed r -> out.put("t", "relayed").put("conv", r.conversation().value())
                    .put("json", r.json());
            case ServerEvent.PresenceChanged p -> out.put("t", "presence").put("conv", p.conversation().value())
                    .put("user", p.user().value()).put("joined", p.joined());
            case ServerEvent.UserPushed u -> out.put("t", "user").put("user", u.user().value())
                    .put("json", u.json());
            case ServerEvent.Broadcast b -> out.put("t", "broadcast").put("json", b.json());
            case ServerEvent.ReadMarker r -> out.put("t", "read").put("conv", r.conversation().value())
                    .put("user", r.user().value()).put("offset", r.offset());
            case ServerEvent.Typing t -> out.put("t", "typing").put("conv", t.conversation().value())
                    .put("user", t.user().value());
            case ServerEvent.UserErased e -> out.put("t", "erased").put("user", e.user().value());
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
            case "state" -> new ServerEvent.StateEvent(new ConversationId(in.path("conv").asText()),
                    agUi(in.get("a")));
            case "relayed" -> new ServerEvent.Relayed(new ConversationId(in.path("conv").asText()),
                    in.path("json").asText());
            case "presence" -> new ServerEvent.PresenceChanged(new ConversationId(in.path("conv").asText()),
                    new UserId(in.path("user").asText()), in.path("joined").asBoolean());
            case "user" -> new ServerEvent.UserPushed(new UserId(in.path("user").asText()),
                    in.path("json").asText());
            case "broadcast" -> new ServerEvent.Broadcast(in.path("json").asText());
            case "read" -> new ServerEvent.ReadMarker(new ConversationId(in.path("conv").asText()),
                    new UserId(in.path("user").asText()), in.path("offset").asLong());
            case "typing" -> new ServerEvent.Typing(new ConversationId(in.path("conv").asText()),
                    new UserId(in.path("user").asText()));
            case "erased" -> new ServerEvent.UserErased(new UserId(in.path("user").asText()));
            default -> throw new IllegalArgumentException("unknown cluster event " + in.path("t"));
        };
    }

    /** A message as the wire writes it (one format for what a message holds, tool calls included). */
    private static ObjectNode message(ObjectNode out, Message m) {
        return out.putRawValue("m", raw(WRITER.messageJson(m)));
    }

    private static Message message(JsonNode in) {
        return MessageReader.read(in.path("m"));
    }

    /** An AG-UI event as AG-UI clients receive it. */
    private static RawValue agUi(AgUiEvent event) {
        return raw(WRITER.agUi(event));
    }

    private static AgUiEvent agUi(JsonNode in) {
        return AgUiReader.read(in).orElseThrow(() -> new IllegalArgumentException("unknown AG-UI event " + in));
    }

    /** JSON the writer made, embedded as it is (not parsed again to be written again). */
    private static RawValue raw(byte[] json) {
        return new RawValue(new String(json, StandardCharsets.UTF_8));
    }
}
