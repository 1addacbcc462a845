package io.parley.application.port.in;

import io.parley.application.port.out.IdentityPort.Credentials;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.protocol.ClientRequest;

/** Reads a conversation's past messages. */
public interface LoadHistoryUseCase {

    /** Answers a connection's {@code history} request with a page of messages, oldest first. */
    void history(ConnectionId connection, ClientRequest.History request);

    /** A page of history for a member calling over HTTP. */
    HistoryPage page(Credentials credentials, ConversationId conversation, MessageRange range);
}
