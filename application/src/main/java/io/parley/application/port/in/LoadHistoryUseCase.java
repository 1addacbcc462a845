package io.parley.application.port.in;

import io.parley.application.port.out.IdentityPort.Credentials;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageRange;
import io.parley.domain.protocol.ClientRequest;

/** Reads a conversation's past messages, a page at a time, each page within the member's queue bound. */
public interface LoadHistoryUseCase {

    /** A connection's {@code history} request: the reply is one page, oldest first, with {@code has_more}. */
    Outcome<Reply> history(ConnectionId connection, ClientRequest.History request);

    /** A page of history for a member calling over HTTP. */
    Outcome<HistoryPage> page(Credentials credentials, ConversationId conversation, MessageRange range);
}
