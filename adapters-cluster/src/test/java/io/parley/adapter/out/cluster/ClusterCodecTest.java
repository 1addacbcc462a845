package io.parley.adapter.out.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.parley.adapter.out.cluster.ClusterCodec.Envelope;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.Role;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.protocol.Exclusions;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.run.RunId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every envelope and every event that crosses nodes reads back as it was written. */
class ClusterCodecTest {
    private static final ConversationId ROOM = new ConversationId("room");
    private static final RunId RUN = new RunId("run-7");
    private final ClusterCodec codec = new ClusterCodec(new ObjectMapper());

    @Test
    void everyEnvelopeAndEventReadsBackAsItWasWritten() {
        Message message = new Message(ROOM, 42, new MessageId("m-1"), MessageRole.ASSISTANT, new UserId("assistant"),
                "héllo \"quoted\" 😀", Instant.parse("2026-12-01T10:00:00.123Z"), RUN);
        Message plain = new Message(ROOM, 43, new MessageId("m-2"), MessageRole.USER, new UserId("ann"), "hi",
                Instant.parse("2026-12-01T10:00:01Z"), null);
        List<AgUiEvent> agUi = List.of(new AgUiEvent.RunStarted("room", "run-7"),
                new AgUiEvent.StepStarted("generating"), new AgUiEvent.TextMessageStart("m-1"),
                new AgUiEvent.TextMessageContent("m-1", "piece"), new AgUiEvent.TextMessageEnd("m-1"),
                new AgUiEvent.StepFinished("generating"), new AgUiEvent.RunFinished("room", "run-7", "echo", "e-1"),
                new AgUiEvent.RunError("went away", "unavailable"));
        List<Envelope> envelopes = new java.util.ArrayList<>(List.of(
                new Envelope.ToConversation("n1", ROOM, new ServerEvent.MessagePosted(message)),
                new Envelope.ToConversation("n1", ROOM, new ServerEvent.MessagePosted(plain)),
                new Envelope.ToConversation("n2", ROOM, new ServerEvent.Relayed(ROOM, "{\"type\":\"CUSTOM\"}")),
                new Envelope.ToConversation("n2", ROOM, new ServerEvent.PresenceChanged(ROOM, new UserId("ann"), true)),
                new Envelope.ToUser("n3", new UserId("bob"), new ServerEvent.UserPushed(new UserId("bob"), "{}")),
                new Envelope.ToEveryone("n3", new ServerEvent.Broadcast("{\"type\":\"CUSTOM\"}"),
                        new Exclusions(Set.of(new UserId("eve")), Set.of(new ConnectionId("c-1")))),
                new Envelope.Membership("n1", ROOM, new UserId("bob"), Optional.of(Role.VIEWER)),
                new Envelope.Membership("n1", ROOM, new UserId("bob"), Optional.empty()),
                new Envelope.Deletion("n2", ROOM),
                new Envelope.Cancel("n3", RUN),
                new Envelope.CatchUp("n2")));
        long seq = 1;
        for (AgUiEvent event : agUi) {
            envelopes.add(new Envelope.ToConversation("n1", ROOM, new ServerEvent.RunEvent(ROOM, RUN, seq++, event)));
        }
        for (Envelope envelope : envelopes) {
            assertEquals(envelope, codec.read(codec.write(envelope)));
        }
    }

    @Test
    void whatIsOnlyEverAnsweredToOneConnectionDoesNotCrossNodes() {
        assertThrows(IllegalArgumentException.class, () -> codec.write(new Envelope.ToConversation("n1", ROOM,
                new ServerEvent.Pong("r"))));
    }
}
