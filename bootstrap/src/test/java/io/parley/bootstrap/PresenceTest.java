package io.parley.bootstrap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Presence on one node without Redis: who is in a conversation, and the first arrival and last departure. */
class PresenceTest {
    private static TestParley parley;

    @BeforeAll
    static void start() {
        parley = TestParley.start(Map.of());
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    @Test
    void aPresenceRequestListsEachUserWithItsConnections() {
        try (WsTestClient ann = parley.connect("ann");
             WsTestClient bob1 = parley.connect("bob");
             WsTestClient bob2 = parley.connect("bob");
             WsTestClient outsider = parley.connect("outsider")) {
            for (WsTestClient client : List.of(ann, bob1, bob2, outsider)) {
                client.seePresence().expect("welcome");
            }
            for (WsTestClient client : List.of(ann, bob1, bob2)) {
                client.join("lobby");
            }
            ann.send("{\"type\":\"presence\",\"conversation\":\"lobby\",\"ref\":\"who\"}");
            JsonNode answer = ann.until("presence").getLast();
            assertEquals("who", answer.get("ref").asText());
            assertEquals("lobby", answer.get("conversation").asText());
            assertEquals(Map.of("ann", 1, "bob", 2), members(answer));

            outsider.send("{\"type\":\"presence\",\"conversation\":\"lobby\",\"ref\":\"peek\"}");
            JsonNode refused = outsider.expect("error");
            assertEquals("not_joined", refused.get("code").asText(), "only members may ask who is there");
            assertEquals("peek", refused.get("ref").asText());
        }
    }

    @Test
    void membersHearAUsersFirstArrivalAndLastDepartureOnly() {
        try (WsTestClient host = parley.connect("host");
             WsTestClient guest1 = parley.connect("guest");
             WsTestClient guest2 = parley.connect("guest")) {
            for (WsTestClient client : List.of(host, guest1, guest2)) {
                client.seePresence().expect("welcome");
            }
            host.join("salon");
            guest1.join("salon");
            assertEquals("guest", host.expect("presence_join").get("user").asText(),
                    "the host hears the guest arrive, not of its own arrival");
            guest2.join("salon");
            guest1.send("{\"type\":\"leave\",\"conversation\":\"salon\"}");
            guest1.until("left");
            guest2.close();
            List<JsonNode> told = untilTold(host, "presence_leave", "guest");
            assertTrue(told.stream().noneMatch(f -> f.path("type").asText().startsWith("presence_")
                    && !f.equals(told.getLast())), "neither the second arrival nor the first departure is told: "
                    + told);
            host.send("{\"type\":\"presence\",\"conversation\":\"salon\"}");
            assertEquals(Map.of("host", 1), members(host.until("presence").getLast()));
        }
    }

    /** The members of a {@code presence} answer: user → connections. */
    static Map<String, Integer> members(JsonNode presence) {
        Map<String, Integer> members = new HashMap<>();
        for (JsonNode member : presence.get("members")) {
            members.put(member.get("user").asText(), member.get("connections").asInt());
        }
        return members;
    }

    /** Frames until {@code type} (presence_join or presence_leave) about {@code user}; returns them all. */
    static List<JsonNode> untilTold(WsTestClient client, String type, String user) {
        List<JsonNode> seen = new ArrayList<>();
        while (true) {
            JsonNode frame = client.next();
            seen.add(frame);
            if (frame.path("type").asText().equals(type) && frame.path("user").asText().equals(user)) {
                assertTrue(frame.has("conversation"), frame::toString);
                return seen;
            }
        }
    }
}
