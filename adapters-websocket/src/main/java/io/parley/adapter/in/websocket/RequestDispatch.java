package io.parley.adapter.in.websocket;

import java.util.Optional;

import io.parley.domain.connection.ConnectionId;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ServerEvent;

/**
 * Calls the use case a request is for, on behalf of one connection: the answer, when the adapter gives it itself,
 * is returned; the use cases answer their own requests through the connection's queue, in order with the live
 * events it receives.
 */
final class RequestDispatch {
    private final ConnectionId connection;
    private final WebSocketUseCases useCases;

    RequestDispatch(ConnectionId connection, WebSocketUseCases useCases) {
        this.connection = connection;
        this.useCases = useCases;
    }

    Optional<ServerEvent> dispatch(ClientRequest request) {
        if (!(request instanceof ClientRequest.Ping) && !(request instanceof ClientRequest.Pong)) {
            useCases.activity().requestReceived(connection);
        }
        switch (request) {
            case ClientRequest.Ping ping -> {
                return Optional.of(new ServerEvent.Pong(ping.ref()));
            }
            case ClientRequest.Pong pong -> {
            }
            case ClientRequest.Join join -> useCases.join().join(connection, join);
            case ClientRequest.Leave leave -> useCases.leave().leave(connection, leave);
            case ClientRequest.Send send -> useCases.send().send(connection, send);
            case ClientRequest.History history -> useCases.history().history(connection, history);
            case ClientRequest.Cancel cancel -> useCases.cancel().cancel(connection, cancel);
        }
        return Optional.empty();
    }
}
