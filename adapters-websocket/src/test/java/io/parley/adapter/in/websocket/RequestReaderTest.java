package io.parley.adapter.in.websocket;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import io.parley.adapter.common.json.Json;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.run.RunId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frames in: requests with the field names of PROTOCOL.md section 2, and what is wrong with those that are not. */
class RequestReaderTest {
    private static final ConversationId ROOM = new ConversationId("room");

    private final RequestReader reader = new RequestReader(Json.strict(32).mapper());

    @Test
    void readsEveryRequestWithItsOptionalFields() {
        assertEquals(new ClientRequest.Join("r", ROOM, OptionalLong.of(7)),
                request("{\"type\":\"join\",\"conversation\":\"room\",\"since\":7,\"ref\":\"r\"}"));
        assertEquals(new ClientRequest.Join(null, ROOM, OptionalLong.empty()),
                request("{\"type\":\"join\",\"conversation\":\"room\",\"since\":null,\"extra\":[1]}"));
        assertEquals(new ClientRequest.Leave(null, ROOM), request("{\"type\":\"leave\",\"conversation\":\"room\"}"));
        assertEquals(new ClientRequest.Send(null, ROOM, "hi", new MessageId("m-1"), false),
                request("{\"type\":\"send\",\"conversation\":\"room\",\"content\":\"hi\",\"id\":\"m-1\",\"reply\":false}"));
        assertEquals(new ClientRequest.Send(null, ROOM, "hi", null, true),
                request("{\"type\":\"send\",\"conversation\":\"room\",\"content\":\"hi\"}"));
        assertEquals(new ClientRequest.History(null, ROOM, OptionalLong.of(9), OptionalLong.empty(), 50),
                request("{\"type\":\"history\",\"conversation\":\"room\",\"before\":9}"));
        assertEquals(new ClientRequest.Ping("p"), request("{\"type\":\"ping\",\"ref\":\"p\"}"));
        assertEquals(new ClientRequest.Pong(null), request("{\"type\":\"pong\"}"));
        assertEquals(new ClientRequest.Cancel(null, new RunId("run-1")),
                request("{\"type\":\"cancel\",\"run\":\"run-1\"}"));
    }

    @Test
    void saysWhatIsWrongWithAMalformedFrame() {
        assertMalformed("{", ErrorCode.BAD_REQUEST, "not valid JSON");
        assertMalformed("{\"type\":\"x\",\"type\":\"y\"}", ErrorCode.BAD_REQUEST, "Duplicate field");
        assertMalformed("{\"type\":\"ping\"}]", ErrorCode.BAD_REQUEST, "not valid JSON");
        assertMalformed("{\"type\":\"jump\"}", ErrorCode.UNKNOWN_TYPE, "unknown type 'jump'");
        assertMalformed("{\"type\":\"send\",\"conversation\":\"room\"}", ErrorCode.BAD_REQUEST, "missing field 'content'");
        assertMalformed("{\"type\":\"join\",\"conversation\":\"a b\"}", ErrorCode.BAD_REQUEST, "conversation must be");
        assertMalformed("{\"type\":\"join\",\"conversation\":\"room\",\"since\":9999999999999999999999}",
                ErrorCode.BAD_REQUEST, "since must be");
        assertMalformed("[".repeat(40) + "]".repeat(40), ErrorCode.BAD_REQUEST, "not valid JSON");
    }

    private ClientRequest request(String frame) {
        return assertInstanceOf(Decoded.Request.class, reader.read(frame)).request();
    }

    private void assertMalformed(String frame, ErrorCode code, String fragment) {
        Decoded.Malformed malformed = assertInstanceOf(Decoded.Malformed.class, reader.read(frame));
        assertEquals(code, malformed.code());
        assertTrue(malformed.message().contains(fragment), malformed.message());
        assertFalse(malformed.message().isBlank());
    }
}
