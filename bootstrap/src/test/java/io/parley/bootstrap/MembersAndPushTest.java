package io.parley.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.parley.bootstrap.UpgradeRefusalTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Roles and members over HTTP with their effect on live connections, a conversation deleted and created again,
 * server push to a user and to everyone, the cross-site guard and the per-address bound: the whole service on a
 * real socket.
 */
class MembersAndPushTest {
    private static TestParley parley;

    @BeforeAll
    static void start() {
        parley = TestParley.start(Map.of("PARLEY_LLM_ECHO_DELAY", "0ms", "PARLEY_MESSAGES_PER_SECOND", "1000",
                "PARLEY_HTTP_REQUESTS_PER_MINUTE", "10000", "PARLEY_MAX_CONNECTIONS_PER_ADDRESS", "12"));
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    @Test
    void aDemotedMemberLosesSendingAtOnceAndARemovedOneStopsReceiving() {
        try (WsTestClient alice = parley.connect("alice-m");
             WsTestClient bob = parley.connect("bob-m")) {
            alice.expect("welcome");
            bob.expect("welcome");
            alice.join("squad");
            assertEquals(200, put("squad", "bob-m", "member", "alice-m").statusCode());
            assertEquals("member", bob.join("squad").get("role").asText());

            assertEquals(200, put("squad", "bob-m", "viewer", "alice-m").statusCode());
            JsonNode role = bob.expect("role");
            assertEquals("viewer", role.get("role").asText());
            bob.send("{\"type\":\"send\",\"conversation\":\"squad\",\"content\":\"me too\",\"ref\":\"s\"}");
            assertEquals("forbidden", bob.expect("error").get("code").asText());

            assertEquals(204, parley.send("DELETE", "/api/conversations/squad/members/bob-m?user=alice-m", null)
                    .statusCode());
            JsonNode left = bob.expect("left");
            assertEquals("removed", left.get("reason").asText());
            alice.send("{\"type\":\"send\",\"conversation\":\"squad\",\"content\":\"after\",\"reply\":false}");
            alice.until("message");
            bob.send("{\"type\":\"ping\",\"ref\":\"sentinel\"}");
            assertEquals("pong", bob.next().get("type").asText(), "no message reached the removed member");
        }
    }

    @Test
    void onlyTheOwnerOrTheServerKeyManagesAndTheServerKeyCreates() {
        try (WsTestClient carl = parley.connect("carl-m")) {
            carl.expect("welcome");
            carl.join("carls");
        }
        assertProblem(put("carls", "dora-m", "owner", "dora-m"), 403, "forbidden");
        assertProblem(put("nowhere-yet", "dora-m", "member", "dora-m"), 404, "not_found");
        HttpResponse<String> created = parley.asServer("PUT", "/api/conversations/made-by-server/members/dora-m",
                "{\"role\":\"owner\"}");
        assertEquals(201, created.statusCode());
        JsonNode members = json(parley.get("/api/conversations/made-by-server/members?user=dora-m"));
        assertEquals("dora-m", members.get("members").get(0).get("user").asText());
        assertEquals("owner", members.get("members").get(0).get("role").asText());
        assertProblem(parley.send("PUT", "/api/conversations/carls/members/x?user=carl-m", "{\"role\":\"boss\"}"),
                400, "bad_request");
    }

    @Test
    void aDeletedConversationsMembersAreToldItsHistoryIsGoneAndItsOffsetsGoOnWhenItComesBack() {
        try (WsTestClient erin = parley.connect("erin-m");
             WsTestClient finn = parley.connect("finn-m")) {
            erin.expect("welcome");
            finn.expect("welcome");
            erin.join("doomed");
            finn.join("doomed");
            for (int i = 1; i <= 3; i++) {
                erin.send("{\"type\":\"send\",\"conversation\":\"doomed\",\"content\":\"m" + i + "\",\"reply\":false}");
                erin.until("message");
                finn.until("message");
            }
            assertProblem(parley.send("DELETE", "/api/conversations/doomed?user=finn-m", null), 403, "forbidden");
            assertEquals(204, parley.send("DELETE", "/api/conversations/doomed?user=erin-m", null).statusCode());

            assertEquals("deleted", erin.expect("deleted").get("type").asText());
            assertEquals("deleted", finn.expect("deleted").get("type").asText());
            assertProblem(parley.get("/api/conversations/doomed/messages?user=erin-m"), 404, "not_found");

            JsonNode again = erin.join("doomed");
            assertEquals("owner", again.get("role").asText());
            assertEquals(3, again.get("offset").asLong(), "offsets are never reused");
            erin.send("{\"type\":\"send\",\"conversation\":\"doomed\",\"content\":\"new life\",\"ref\":\"n\"}");
            assertEquals(4, erin.expect("ack").get("offset").asLong());
        }
    }

    @Test
    void aPushReachesEveryConnectionOfItsUserAndABroadcastEveryoneButTheExcluded() {
        try (WsTestClient gina = parley.connect("gina-m");
             WsTestClient ginasPhone = parley.connect("gina-m");
             WsTestClient hugo = parley.connect("hugo-m");
             WsTestClient ida = parley.connect("ida-m")) {
            List<WsTestClient> all = List.of(gina, ginasPhone, hugo, ida);
            all.forEach(c -> c.expect("welcome"));

            HttpResponse<String> pushed = parley.asServer("POST", "/api/users/gina-m/events",
                    "{\"type\":\"CUSTOM\",\"name\":\"report_ready\",\"value\":{\"id\":7}}");
            assertEquals(202, pushed.statusCode());
            for (WsTestClient phone : List.of(gina, ginasPhone)) {
                JsonNode event = phone.expect("CUSTOM");
                assertEquals("gina-m", event.get("user").asText());
                assertEquals(7, event.get("value").get("id").asInt());
            }
            assertEquals(202, parley.asServer("POST", "/api/broadcast", "{\"events\":[{\"type\":\"CUSTOM\","
                    + "\"name\":\"maintenance\"}],\"exclude\":{\"users\":[\"ida-m\"]}}").statusCode());
            for (WsTestClient client : List.of(gina, ginasPhone, hugo)) {
                assertEquals("maintenance", client.expect("CUSTOM").get("name").asText());
            }
            ida.send("{\"type\":\"ping\",\"ref\":\"sentinel\"}");
            assertEquals("pong", ida.next().get("type").asText(), "the excluded user got nothing");
            assertProblem(parley.post("/api/users/gina-m/events", "{\"type\":\"CUSTOM\"}"), 401, "unauthorized");
        }
    }

    @Test
    void onlyWhoStartedARunOrAnOwnerMayCancelIt() {
        try (TestParley slow = TestParley.start(Map.of("PARLEY_LLM_ECHO_DELAY", "200ms"));
             WsTestClient owner = slow.connect("olga-m");
             WsTestClient asker = slow.connect("pete-m");
             WsTestClient other = slow.connect("quin-m")) {
            for (WsTestClient client : List.of(owner, asker, other)) {
                client.expect("welcome");
                client.join("runs");
            }
            asker.send("{\"type\":\"send\",\"conversation\":\"runs\",\"content\":\"" + "tell me more ".repeat(20)
                    + "\"}");
            String run = asker.until("RUN_STARTED").getLast().get("runId").asText();
            other.until("RUN_STARTED");
            other.send("{\"type\":\"cancel\",\"run\":\"" + run + "\",\"ref\":\"c1\"}");
            assertEquals("forbidden", other.until("error").getLast().get("code").asText(), "a member who did not ask");
            owner.send("{\"type\":\"cancel\",\"run\":\"" + run + "\",\"ref\":\"c2\"}");
            List<JsonNode> end = owner.until("RUN_ERROR");
            assertEquals("cancelled", end.getLast().get("code").asText(), "an owner may");
        }
    }

    @Test
    void aCrossSiteFormPostIsRefusedAndSoIsAForeignOrigin() {
        HttpResponse<String> form = parley.send("POST", "/agui?user=mallory", "threadId=x",
                "Content-Type", "application/x-www-form-urlencoded");
        assertProblem(form, 415, "bad_request");
        HttpResponse<String> foreign = parley.send("POST", "/agui?user=mallory", "{\"threadId\":\"x\"}",
                "Content-Type", "application/json", "Origin", "https://evil.example");
        assertProblem(foreign, 403, "forbidden");
    }

    @Test
    void anAddressHoldsAtMostItsShareWhateverUsersItNames() {
        List<WsTestClient> held = new ArrayList<>();
        try {
            int refusedAt = -1;
            for (int i = 0; i < 20 && refusedAt < 0; i++) {
                try {
                    held.add(parley.connect("many-" + i));
                } catch (WsTestClient.HandshakeRefused e) {
                    refusedAt = i;
                }
            }
            assertFalse(refusedAt < 0, "an address got more than its share");
            assertEquals(429, WsTestClient.refusedStatus(parley.port(), "user=one-more", Map.of()));
        } finally {
            held.forEach(WsTestClient::close);
        }
    }

    private static HttpResponse<String> put(String conversation, String user, String role, String as) {
        return parley.send("PUT", "/api/conversations/" + conversation + "/members/" + user + "?user=" + as,
                "{\"role\":\"" + role + "\"}");
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return WsTestClient.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
