package io.parley.application.port.out;

import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.run.RunId;

/** Makes up identifiers. */
public interface IdGeneratorPort {

    ConnectionId newConnectionId();

    MessageId newMessageId();

    /** An id for an assistant run, such as {@code run-…}. */
    RunId newRunId();

    /** A name for a client that did not give one, such as {@code anon-3f9c2a}. */
    UserId newAnonymousUser();
}
