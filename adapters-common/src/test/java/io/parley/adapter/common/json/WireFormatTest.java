package io.parley.adapter.common.json;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.Role;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.Recovery;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.run.RunId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frames out, field names exactly as PROTOCOL.md section 2 has them. */
class WireFormatTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final ConversationId ROOM = new ConversationId("room");

    private final Json json = Json.strict(32);
    private final JsonEventEncoder encoder = new JsonEventEncoder(json.eventWriter());

    @Test
    void writesEveryEventWithTheProtocolsFieldNames() throws Exception {
        Message message = new Message(ROOM, 3, new MessageId("m-3"), MessageRole.ASSISTANT, new UserId("assistant"),
                "hello \"you\"", Instant.parse("2026-05-01T12:00:00.250Z"), new RunId("run-9"));
        assertFrame(new ServerEvent.Welcome(new ConnectionId("c-1"), new UserId("alice"), "n1", Duration.ofSeconds(25),
                        Duration.ofSeconds(10), new ServerEvent.Limits(65536, 20, 10485760)),
                "{\"type\":\"welcome\",\"protocol\":1,\"connection\":\"c-1\",\"user\":\"alice\",\"node\":\"n1\","
                        + "\"heartbeat\":{\"interval_ms\":25000,\"timeout_ms\":10000},\"limits\":{\"max_message_bytes\":"
                        + "65536,\"messages_per_second\":20,\"max_upload_bytes\":10485760}}");
        assertFrame(new ServerEvent.Joined("r", ROOM, Role.OWNER, 4, Recovery.COMPLETE),
                "{\"type\":\"joined\",\"ref\":\"r\",\"conversation\":\"room\",\"role\":\"owner\",\"offset\":4,"
                        + "\"recovered\":true}");
        assertFrame(new ServerEvent.Joined(null, ROOM, Role.MEMBER, 0, Recovery.NOT_REQUESTED),
                "{\"type\":\"joined\",\"conversation\":\"room\",\"role\":\"member\",\"offset\":0}");
        assertFrame(new ServerEvent.Ack("r", ROOM, 3, new MessageId("m-3")),
                "{\"type\":\"ack\",\"ref\":\"r\",\"conversation\":\"room\",\"offset\":3,\"id\":\"m-3\"}");
        assertFrame(new ServerEvent.MessagePosted(message),
                "{\"type\":\"message\",\"conversation\":\"room\",\"offset\":3,\"id\":\"m-3\",\"role\":\"assistant\","
                        + "\"sender\":\"assistant\",\"content\":\"hello \\\"you\\\"\",\"at\":\"2026-05-01T12:00:00.250Z\","
                        + "\"run\":\"run-9\"}");
        assertFrame(new ServerEvent.History(null, ROOM, List.of(message), true),
                "{\"type\":\"history\",\"conversation\":\"room\",\"messages\":[{\"conversation\":\"room\",\"offset\":3,"
                        + "\"id\":\"m-3\",\"role\":\"assistant\",\"sender\":\"assistant\",\"content\":"
                        + "\"hello \\\"you\\\"\",\"at\":\"2026-05-01T12:00:00.250Z\",\"run\":\"run-9\"}],\"has_more\":true}");
        assertFrame(new ServerEvent.ErrorReply(ErrorCode.UNAVAILABLE, "later", "r", 1500L),
                "{\"type\":\"error\",\"code\":\"unavailable\",\"message\":\"later\",\"ref\":\"r\","
                        + "\"retry_after_ms\":1500}");
        assertFrame(new ServerEvent.Left(null, ROOM), "{\"type\":\"left\",\"conversation\":\"room\"}");
        assertFrame(new ServerEvent.Pong(null), "{\"type\":\"pong\"}");
        assertFrame(new ServerEvent.Ping(), "{\"type\":\"ping\"}");
        assertFrame(new ServerEvent.Deleted(ROOM), "{\"type\":\"deleted\",\"conversation\":\"room\"}");
    }

    @Test
    void anEncodedFrameKnowsItsUtf8Size() {
        var frame = encoder.encode(new ServerEvent.Left(null, new ConversationId("x")));
        assertEquals(frame.payload().length, frame.bytes());
        assertEquals("{\"type\":\"left\",\"conversation\":\"x\"}",
                new String(frame.payload(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aProblemIsAnRfc9457Document() throws Exception {
        JsonNode problem = PLAIN.readTree(Problem.of(429, "Too Many Requests", "slow down", "rate_limited")
                .with("retry_after_seconds", 3).toJson(json.factory()));
        assertEquals("about:blank", problem.get("type").asText());
        assertEquals(429, problem.get("status").asInt());
        assertEquals("slow down", problem.get("detail").asText());
        assertEquals(3, problem.get("retry_after_seconds").asInt());
    }

    private void assertFrame(ServerEvent event, String expected) throws Exception {
        String text = new String(encoder.encode(event).payload(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(PLAIN.readTree(expected), PLAIN.readTree(text), text);
        assertEquals(expected, text, "field order too");
    }
}
