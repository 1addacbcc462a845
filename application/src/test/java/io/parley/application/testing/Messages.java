package io.parley.application.testing;

import java.time.Instant;
import java.util.List;

import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.protocol.ServerEvent;

/** Messages of the conversation {@code room} for tests, and the offsets a connection received. */
public final class Messages {
    public static final ConversationId ROOM = new ConversationId("room");
    public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private Messages() {
    }

    /** The message event of offset {@code offset} in {@code room}. */
    public static ServerEvent.MessagePosted posted(long offset) {
        return new ServerEvent.MessagePosted(new Message(ROOM, offset, new MessageId("m" + offset), MessageRole.USER,
                new UserId("alice"), "text " + offset, T0, null));
    }

    /** The offsets of the message events {@code transport} wrote, in order. */
    public static List<Long> offsets(RecordingTransport transport) {
        return transport.events(ServerEvent.MessagePosted.class).stream().map(p -> p.message().offset()).toList();
    }
}
