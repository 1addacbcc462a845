package io.parley.application.port.in;

import io.parley.domain.connection.ConnectionId;
import io.parley.domain.protocol.ClientRequest;

/** A front end answers a tool call the assistant made (it runs the tool; the gateway runs none). */
public interface AnswerToolCallUseCase {

    /**
     * Stores the result as a {@code tool} message (acknowledged once committed, then pushed to every member) and,
     * with {@code reply}, has the assistant go on once every call of its reply has its result. Refused:
     * {@code not_joined}, {@code forbidden} (a viewer), {@code too_large}, {@code not_found} (no such call awaits a
     * result), {@code conflict} (the call was answered already), {@code unavailable}.
     */
    Outcome<Reply> answer(ConnectionId connection, ClientRequest.ToolResult request);
}
