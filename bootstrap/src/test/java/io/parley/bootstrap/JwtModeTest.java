package io.parley.bootstrap;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.parley.adapter.out.identity.HmacTokens;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Grants;
import io.parley.domain.conversation.Role;
import io.parley.domain.testing.MutableClock;

import static io.parley.bootstrap.UpgradeRefusalTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The gateway in jwt mode, over real sockets with real HS256 tokens: where a token may come from, what is
 * refused at the upgrade (401) and after it (1008), expiry and refresh on a hand-moved clock, and the grants a
 * token carries.
 */
class JwtModeTest {
    private static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256";
    private static final MutableClock CLOCK = MutableClock.atEpoch();
    private static TestParley parley;

    @BeforeAll
    static void start() {
        // the clock is moved by hand past tokens' expiry; heartbeats long enough not to notice the jumps
        parley = TestParley.start(Map.of("PARLEY_AUTH_MODE", "jwt", "PARLEY_JWT_SECRET", SECRET,
                "PARLEY_JWT_LEEWAY", "0s", "PARLEY_AUTH_TIMEOUT", "300ms", "PARLEY_LLM_ECHO_DELAY", "0ms",
                "PARLEY_HEARTBEAT_INTERVAL", "1h", "PARLEY_HEARTBEAT_TIMEOUT", "1h"), CLOCK);
    }

    @AfterAll
    static void stop() {
        parley.close();
    }

    @Test
    void aTokenInTheHeaderOrTheQueryIsTheUserAndItsSubjectIsWhoTheyAre() {
        try (WsTestClient byHeader = WsTestClient.connect(parley.port(), "",
                Map.of("Authorization", "Bearer " + token("amy", Duration.ofMinutes(5))));
             WsTestClient byQuery = WsTestClient.connect(parley.port(), "user=someone-else&access_token="
                     + token("ben", Duration.ofMinutes(5)))) {
            assertEquals("amy", byHeader.expect("welcome").get("user").asText());
            assertEquals("ben", byQuery.expect("welcome").get("user").asText(), "the user parameter counts for nothing");
        }
    }

    @Test
    void aBadTokenAtTheUpgradeIsRefusedWith401() throws Exception {
        String expired = HmacTokens.issue(SECRET, new UserId("cat"), Duration.ofSeconds(60), Grants.none(),
                Clock.fixed(CLOCK.instant().minusSeconds(120), ZoneOffset.UTC));
        String forged = HmacTokens.issue("another-secret-that-is-long-enough-for-hs256", new UserId("cat"),
                Duration.ofMinutes(5), Grants.none(), CLOCK);
        String unsecured = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                + base64("{\"sub\":\"cat\",\"exp\":" + (CLOCK.instant().getEpochSecond() + 300) + "}") + ".";
        for (String bad : new String[] {expired, forged, unsecured, "not-a-token"}) {
            RawHttp refused = RawHttp.upgrade(parley.port(), "", Map.of("Authorization", "Bearer " + bad));
            assertProblem(refused, 401, "unauthenticated");
        }
    }

    @Test
    void withoutATokenTheFirstFrameMustBeAGoodAuthWithinTheTimeout() {
        try (WsTestClient silent = WsTestClient.connect(parley.port(), "");
             WsTestClient chatty = WsTestClient.connect(parley.port(), "");
             WsTestClient wrong = WsTestClient.connect(parley.port(), "");
             WsTestClient good = WsTestClient.connect(parley.port(), "")) {
            chatty.send("{\"type\":\"join\",\"conversation\":\"early\"}");
            assertEquals(1008, chatty.awaitClose().code(), "anything before auth");
            wrong.send("{\"type\":\"auth\",\"token\":\"nonsense\"}");
            assertEquals(1008, wrong.awaitClose().code(), "a bad token");
            good.send("{\"type\":\"auth\",\"token\":\"" + token("dan", Duration.ofMinutes(5)) + "\",\"ref\":\"a\"}");
            assertEquals("dan", good.expect("welcome").get("user").asText());
            assertEquals("joined", good.join("dans-room").get("type").asText());

            CLOCK.advance(Duration.ofSeconds(1));
            assertEquals(1008, silent.awaitClose().code(), "no auth frame within the timeout");
            good.send("{\"type\":\"ping\"}");
            assertEquals("pong", good.expect("pong").get("type").asText(), "the authenticated one stays");
        }
    }

    @Test
    void anExpiredTokenClosesItsConnectionWith1008UnlessARefreshCameFirst() {
        try (WsTestClient expiring = WsTestClient.connect(parley.port(), "access_token="
                + token("eve", Duration.ofSeconds(60)));
             WsTestClient refreshing = WsTestClient.connect(parley.port(), "access_token="
                     + token("fay", Duration.ofSeconds(60)))) {
            expiring.expect("welcome");
            refreshing.expect("welcome");
            refreshing.send("{\"type\":\"refresh\",\"token\":\"" + token("eve", Duration.ofHours(1))
                    + "\",\"ref\":\"r1\"}");
            assertEquals("forbidden", refreshing.expect("error").get("code").asText(), "another user's token");
            refreshing.send("{\"type\":\"refresh\",\"token\":\"" + token("fay", Duration.ofHours(1))
                    + "\",\"ref\":\"r2\"}");
            JsonNode refreshed = refreshing.expect("refreshed");
            assertEquals("r2", refreshed.get("ref").asText());

            CLOCK.advance(Duration.ofSeconds(61));

            assertEquals(1008, expiring.awaitClose().code());
            refreshing.send("{\"type\":\"ping\",\"ref\":\"still\"}");
            assertEquals("pong", refreshing.expect("pong").get("type").asText());
        }
    }

    @Test
    void aTokensGrantAdmitsToAConversationAndWithoutOneAStrangerIsForbidden() {
        ConversationId vip = new ConversationId("vip-lounge");
        try (WsTestClient owner = WsTestClient.connect(parley.port(), "access_token="
                + token("gus", Duration.ofMinutes(5)))) {
            owner.expect("welcome");
            assertEquals("owner", owner.join(vip.value()).get("role").asText());
        }
        String granted = HmacTokens.issue(SECRET, new UserId("hal"), Duration.ofMinutes(5),
                new Grants(Map.of(vip, Role.VIEWER), Optional.empty()), CLOCK);
        try (WsTestClient guest = WsTestClient.connect(parley.port(), "access_token=" + granted);
             WsTestClient stranger = WsTestClient.connect(parley.port(), "access_token="
                     + token("ivy", Duration.ofMinutes(5)))) {
            guest.expect("welcome");
            assertEquals("viewer", guest.join(vip.value()).get("role").asText());
            guest.send("{\"type\":\"send\",\"conversation\":\"" + vip + "\",\"content\":\"hi\",\"ref\":\"s\"}");
            assertEquals("forbidden", guest.expect("error").get("code").asText(), "a viewer may not send");
            stranger.expect("welcome");
            stranger.send("{\"type\":\"join\",\"conversation\":\"" + vip + "\"}");
            assertEquals("forbidden", stranger.expect("error").get("code").asText());
        }
    }

    @Test
    void httpEndpointsTakeTheSameTokensAndAUserCannotPublish() {
        String jay = token("jay", Duration.ofMinutes(5));
        try (WsTestClient client = WsTestClient.connect(parley.port(), "access_token=" + jay)) {
            client.expect("welcome");
            client.join("jays-notes");
        }
        assertEquals(200, parley.get("/api/conversations/jays-notes/messages", "Authorization", "Bearer " + jay)
                .statusCode());
        assertProblem(parley.get("/api/conversations/jays-notes/messages?user=jay"), 401, "unauthorized");
        JsonNode mine = json(parley.get("/api/conversations", "Authorization", "Bearer " + jay).body());
        assertEquals("jays-notes", mine.get("conversations").get(0).get("id").asText());
        assertProblem(parley.post("/api/conversations/jays-notes/messages",
                "{\"content\":\"I am the assistant\",\"role\":\"assistant\"}", "Authorization", "Bearer " + jay),
                403, "forbidden");
        assertFalse(json(parley.get("/api/conversations/jays-notes/messages", "Authorization", "Bearer " + jay)
                .body()).get("messages").elements().hasNext(), "nothing was stored");
    }

    private static String token(String user, Duration ttl) {
        return HmacTokens.issue(SECRET, new UserId(user), ttl, Grants.none(), CLOCK);
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(String body) {
        try {
            return WsTestClient.JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
