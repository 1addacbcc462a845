package io.parley.bootstrap;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.parley.adapter.out.assistant.Answers;
import io.parley.adapter.out.assistant.FakeProvider;
import io.parley.adapter.out.assistant.Sse;
import io.parley.domain.testing.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Edits and deletes, read markers, typing and erasing a user, over a real socket on the default database store:
 * an edit is seen live and by a client that comes back with {@code since}; a delete leaves no content in the
 * store; only the author or an owner changes a message; markers move forward only and give unread counts; typing
 * reaches the others once a second; an erased user's messages, memberships and connections go.
 */
class ChatEssentialsTest {
    private static final String DB = "jdbc:h2:mem:essentials-" + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    private static final MutableClock CLOCK = new MutableClock(Instant.now());
    private static TestParley parley;

    @BeforeAll
    static void start() {
        parley = TestParley.start(Map.of("PARLEY_DB_URL", DB, "PARLEY_MESSAGES_PER_SECOND", "1000"), CLOCK);
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    @Test
    void anEditIsSeenLiveAndByAClientThatComesBackWithSinceAndHistoryShowsTheMessageAsItNowIs() {
        long before;
        String id;
        try (WsTestClient ann = parley.connect("ann-e");
             WsTestClient ben = parley.connect("ben-e")) {
            ann.expect("welcome");
            ben.expect("welcome");
            ann.join("edits");
            before = ben.join("edits").get("offset").asLong();
            JsonNode ack = say(ann, "edits", "helo");
            id = ack.get("id").asText();
            ben.until("message");
            ben.close();

            ann.send("{\"type\":\"edit\",\"conversation\":\"edits\",\"id\":\"" + id
                    + "\",\"content\":\"hello\",\"ref\":\"e1\"}");
            JsonNode edited = ann.until("ack").getLast();
            assertEquals("e1", edited.get("ref").asText());
            assertEquals(ack.get("offset").asLong() + 1, edited.get("offset").asLong(), "an offset of its own");
            JsonNode live = ann.until("message_edited").getLast();
            assertEquals(id, live.get("id").asText());
            assertEquals("hello", live.get("content").asText());
            assertEquals(edited.get("offset").asLong(), live.get("offset").asLong());
        }
        try (WsTestClient ben = parley.connect("ben-e")) {
            ben.expect("welcome");
            ben.send("{\"type\":\"join\",\"conversation\":\"edits\",\"since\":" + before + "}");
            assertTrue(ben.expect("joined").get("recovered").asBoolean());
            JsonNode message = ben.expect("message");
            assertEquals("hello", message.get("content").asText(), "the replay shows the message as it now is");
            assertTrue(message.has("edited_at"));
            JsonNode change = ben.expect("message_edited");
            assertEquals(id, change.get("id").asText(), "and the edit at its offset");

            JsonNode page = history(ben, "edits");
            assertEquals(List.of("message", "message_edited"), page.get("messages").valueStream()
                    .map(m -> m.path("type").asText("message")).toList());
            assertEquals("hello", page.at("/messages/0/content").asText());
        }
    }

    @Test
    void aDeleteLeavesNoContentInTheStoreAndOnlyTheAuthorOrAnOwnerChangesAMessage() throws SQLException {
        try (WsTestClient owner = parley.connect("own-d");
             WsTestClient cat = parley.connect("cat-d");
             WsTestClient dan = parley.connect("dan-d")) {
            owner.expect("welcome");
            cat.expect("welcome");
            dan.expect("welcome");
            owner.join("deletes");
            cat.join("deletes");
            dan.join("deletes");
            String secret = "my pin is 4711-" + UUID.randomUUID();
            String id = say(cat, "deletes", secret).get("id").asText();
            String other = say(cat, "deletes", "a second one").get("id").asText();

            dan.send("{\"type\":\"delete\",\"conversation\":\"deletes\",\"id\":\"" + id + "\",\"ref\":\"x\"}");
            assertEquals("forbidden", dan.until("error").getLast().get("code").asText(), "not dan's message");
            dan.send("{\"type\":\"edit\",\"conversation\":\"deletes\",\"id\":\"" + id
                    + "\",\"content\":\"mine\",\"ref\":\"y\"}");
            assertEquals("forbidden", dan.until("error").getLast().get("code").asText());

            cat.send("{\"type\":\"delete\",\"conversation\":\"deletes\",\"id\":\"" + id + "\",\"ref\":\"d1\"}");
            long offset = cat.until("ack").getLast().get("offset").asLong();
            for (WsTestClient member : List.of(owner, cat, dan)) {
                JsonNode deleted = member.until("message_deleted").getLast();
                assertEquals(id, deleted.get("id").asText());
                assertEquals(offset, deleted.get("offset").asLong());
                assertFalse(deleted.has("content"));
            }
            assertEquals(0, rowsContaining(secret), "the content left the store, not just the view");
            assertFalse(history(dan, "deletes").toString().contains(secret));
            assertFalse(history(dan, "deletes").get("messages").valueStream()
                    .anyMatch(m -> m.path("type").asText("message").equals("message")
                            && m.get("id").asText().equals(id)), "the message is gone from history");

            cat.send("{\"type\":\"delete\",\"conversation\":\"deletes\",\"id\":\"" + id + "\",\"ref\":\"d2\"}");
            assertEquals("not_found", cat.until("error").getLast().get("code").asText(), "deleted already");

            owner.send("{\"type\":\"delete\",\"conversation\":\"deletes\",\"id\":\"" + other + "\",\"ref\":\"d3\"}");
            assertEquals("d3", owner.until("ack").getLast().get("ref").asText(), "an owner deletes anyone's");

            assertEquals(200, parley.send("PATCH", "/api/conversations/deletes/messages/"
                    + say(dan, "deletes", "typo").get("id").asText(), "{\"content\":\"fixed\"}",
                    "Authorization", "Bearer " + TestParley.SERVER_KEY).statusCode(), "the server key edits");
            assertEquals("fixed", dan.until("message_edited").getLast().get("content").asText());
        }
    }

    @Test
    void readMarkersMoveForwardOnlyAndGiveUnreadCounts() {
        try (WsTestClient eve = parley.connect("eve-r");
             WsTestClient fay = parley.connect("fay-r")) {
            eve.expect("welcome");
            fay.expect("welcome");
            eve.join("reading");
            fay.join("reading");
            long first = say(eve, "reading", "one").get("offset").asLong();
            say(eve, "reading", "two");
            long third = say(eve, "reading", "three").get("offset").asLong();
            assertEquals(3, unread("fay-r", "reading"));
            assertEquals(0, unread("eve-r", "reading"), "one's own messages are not unread");

            fay.send("{\"type\":\"read\",\"conversation\":\"reading\",\"offset\":" + first + "}");
            JsonNode marker = eve.until("read").getLast();
            assertEquals("fay-r", marker.get("user").asText());
            assertEquals(first, marker.get("offset").asLong());
            assertEquals(2, unread("fay-r", "reading"));

            fay.send("{\"type\":\"read\",\"conversation\":\"reading\",\"offset\":0}");
            assertEquals(first, eve.until("read").getLast().get("offset").asLong(), "never backwards");
            fay.send("{\"type\":\"read\",\"conversation\":\"reading\",\"offset\":" + (third + 50) + "}");
            assertEquals(third, eve.until("read").getLast().get("offset").asLong(), "never past the latest");
            assertEquals(0, unread("fay-r", "reading"));
            fay.send("{\"type\":\"read\",\"conversation\":\"elsewhere\",\"offset\":1,\"ref\":\"r\"}");
            assertEquals("not_joined", fay.until("error").getLast().get("code").asText());
        }
    }

    @Test
    void typingReachesTheOtherMembersAtMostOnceASecondAndIsNotStored() {
        try (WsTestClient gil = parley.connect("gil-t");
             WsTestClient hal = parley.connect("hal-t")) {
            gil.expect("welcome");
            hal.expect("welcome");
            gil.join("typing");
            hal.join("typing");
            long latest = hal.join("typing").get("offset").asLong();
            gil.send("{\"type\":\"typing\",\"conversation\":\"typing\"}");
            gil.send("{\"type\":\"typing\",\"conversation\":\"typing\"}");
            JsonNode typing = hal.expect("typing");
            assertEquals("gil-t", typing.get("user").asText());
            CLOCK.advance(Duration.ofSeconds(1));
            gil.send("{\"type\":\"typing\",\"conversation\":\"typing\"}");
            gil.send("{\"type\":\"ping\",\"ref\":\"p\"}");
            List<JsonNode> seen = gil.until("pong");
            assertTrue(seen.stream().noneMatch(f -> f.get("type").asText().equals("typing")),
                    "nobody is told of their own typing");
            hal.expect("typing");
            hal.send("{\"type\":\"ping\",\"ref\":\"q\"}");
            assertEquals(1, hal.until("pong").size(), "the second within the second was dropped");
            assertEquals(latest, hal.join("typing").get("offset").asLong(), "typing is not stored");
        }
    }

    @Test
    void anErasedUsersMessagesMembershipsAndConnectionsGoAndTheirConversationsAreHandedOn() throws SQLException {
        String secret = "ivy's secret " + UUID.randomUUID();
        try (WsTestClient ivy = parley.connect("ivy-x");
             WsTestClient jon = parley.connect("jon-x")) {
            ivy.expect("welcome");
            jon.expect("welcome");
            ivy.join("ivy-shared");
            jon.join("ivy-shared");
            ivy.join("ivy-alone");
            say(ivy, "ivy-shared", secret);
            say(ivy, "ivy-alone", secret + " again");
            say(jon, "ivy-shared", "jon stays");

            JsonNode erased = json(parley.asServer("DELETE", "/api/users/ivy-x", null));
            assertEquals(2, erased.get("messages_deleted").asInt());
            assertEquals(List.of("ivy-alone", "ivy-shared"), erased.get("conversations_left").valueStream()
                    .map(JsonNode::asText).sorted().toList());
            assertEquals("ivy-alone", erased.at("/conversations_deleted/0").asText(), "nobody was left there");
            assertEquals("jon-x", erased.at("/owners_promoted/0/user").asText());

            assertEquals(1008, ivy.awaitClose().code(), "the erased user's connections close");
            assertTrue(jon.until("message_deleted").getLast().has("id"));
            assertEquals("owner", jon.until("role").getLast().get("role").asText(), "jon owns it now");
            assertEquals(0, rowsContaining(secret));
            assertFalse(history(jon, "ivy-shared").toString().contains(secret));
            assertEquals(404, parley.get("/api/conversations/ivy-alone/messages?user=jon-x").statusCode());

            JsonNode again = json(parley.asServer("DELETE", "/api/users/ivy-x", null));
            assertEquals(0, again.get("messages_deleted").asInt(), "erasing is idempotent");
            assertEquals(0, again.get("conversations_left").size());
        }
    }

    @Test
    void theAssistantSeesMessagesAsTheyNowAre() throws Exception {
        try (FakeProvider model = FakeProvider.start(Answers.stream(Sse.reply("ok")));
             TestParley withModel = TestParley.start(AssistantProviderTest.openAi(model, Map.of()));
             WsTestClient kim = withModel.connect("kim-a")) {
            kim.expect("welcome");
            kim.join("context");
            String id = say(kim, "context", "the code is alpha").get("id").asText();
            String gone = say(kim, "context", "forget the beta plan").get("id").asText();
            kim.send("{\"type\":\"edit\",\"conversation\":\"context\",\"id\":\"" + id
                    + "\",\"content\":\"the code is omega\"}");
            kim.until("message_edited");
            kim.send("{\"type\":\"delete\",\"conversation\":\"context\",\"id\":\"" + gone + "\"}");
            kim.until("message_deleted");
            kim.send("{\"type\":\"send\",\"conversation\":\"context\",\"content\":\"what is the code?\"}");
            kim.until("RUN_FINISHED");
            String sent = model.request(0).body();
            assertTrue(sent.contains("the code is omega"), sent);
            assertFalse(sent.contains("alpha"), sent);
            assertFalse(sent.contains("beta"), sent);
        }
    }

    private static JsonNode say(WsTestClient client, String conversation, String content) {
        client.send("{\"type\":\"send\",\"conversation\":\"" + conversation + "\",\"content\":\"" + content
                + "\",\"reply\":false,\"ref\":\"s\"}");
        JsonNode ack = client.until("ack").getLast();
        client.until("message");
        return ack;
    }

    private static JsonNode history(WsTestClient client, String conversation) {
        client.send("{\"type\":\"history\",\"conversation\":\"" + conversation + "\",\"ref\":\"h\"}");
        return client.until("history").getLast();
    }

    private static long unread(String user, String conversation) {
        JsonNode list = json(parley.get("/api/conversations?user=" + user));
        return list.get("conversations").valueStream().filter(c -> c.get("id").asText().equals(conversation))
                .findFirst().orElseThrow().get("unread").asLong();
    }

    private static JsonNode json(java.net.http.HttpResponse<String> response) {
        try {
            assertEquals(200, response.statusCode(), response.body());
            return WsTestClient.JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int rowsContaining(String text) throws SQLException {
        try (Connection db = DriverManager.getConnection(DB, "sa", "");
             PreparedStatement query = db.prepareStatement("SELECT COUNT(*) FROM messages WHERE content LIKE ?")) {
            query.setString(1, "%" + text + "%");
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
