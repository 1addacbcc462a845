package io.parley.application.testing;

import java.util.concurrent.atomic.AtomicInteger;

import io.parley.application.port.out.IdGeneratorPort;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.run.RunId;

/** Ids from one counter ({@code c1}, {@code m2}, {@code run-3}, {@code anon-4}): predictable in tests. */
public final class SequentialIds implements IdGeneratorPort {
    private final AtomicInteger sequence = new AtomicInteger();

    @Override
    public ConnectionId newConnectionId() {
        return new ConnectionId("c" + sequence.incrementAndGet());
    }

    @Override
    public MessageId newMessageId() {
        return new MessageId("m" + sequence.incrementAndGet());
    }

    @Override
    public RunId newRunId() {
        return new RunId("run-" + sequence.incrementAndGet());
    }

    @Override
    public UserId newAnonymousUser() {
        return new UserId("anon-" + sequence.incrementAndGet());
    }
}
