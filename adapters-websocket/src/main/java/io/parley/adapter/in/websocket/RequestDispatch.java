package io.parley.adapter.in.websocket;

import java.util.List;
import java.util.concurrent.CompletionStage;

import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.Reply;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.protocol.ClientRequest;
import io.parley.domain.protocol.ServerEvent;

/** Calls the use case a request is for, on behalf of one connection, and returns its outcome. */
final class RequestDispatch {
    private final ConnectionId connection;
    private final WebSocketUseCases useCases;
    private final EndpointContext endpoint;
    private final UploadReceiver uploads;

    RequestDispatch(ConnectionId connection, EndpointContext endpoint, UploadReceiver uploads) {
        this.connection = connection;
        this.useCases = endpoint.useCases();
        this.endpoint = endpoint;
        this.uploads = uploads;
    }

    /** A send, without waiting for its commit: the outcome completes once it is stored and pushed. */
    CompletionStage<Outcome<Reply>> sendPipelined(ClientRequest.Send send) {
        useCases.activity().requestReceived(connection);
        return useCases.send().sendPipelined(connection, send);
    }

    Outcome<Reply> dispatch(ClientRequest request) {
        if (!(request instanceof ClientRequest.Ping) && !(request instanceof ClientRequest.Pong)) {
            useCases.activity().requestReceived(connection);
        }
        return switch (request) {
            case ClientRequest.Ping ping ->
                    Outcome.done(new Reply(List.of(endpoint.encoder().encode(new ServerEvent.Pong(ping.ref())))));
            case ClientRequest.Pong pong -> Outcome.done(new Reply(List.of()));
            case ClientRequest.Join join -> useCases.join().join(connection, join);
            case ClientRequest.Leave leave -> useCases.leave().leave(connection, leave);
            case ClientRequest.Send send -> useCases.send().send(connection, send);
            case ClientRequest.ToolResult result -> useCases.toolResults().answer(connection, result);
            case ClientRequest.ChangeState change -> useCases.state().change(connection, change);
            case ClientRequest.History history -> useCases.history().history(connection, history);
            case ClientRequest.Cancel cancel -> useCases.cancel().cancel(connection, cancel);
            case ClientRequest.Upload upload -> uploads.announce(upload);
            case ClientRequest.Edit edit -> useCases.revise().edit(connection, edit);
            case ClientRequest.Delete delete -> useCases.revise().delete(connection, delete);
            case ClientRequest.Read read -> useCases.reads().read(connection, read);
            case ClientRequest.Typing typing -> useCases.reads().typing(connection, typing);
            case ClientRequest.Presence presence -> useCases.presence().presence(connection, presence);
            case ClientRequest.Auth auth -> useCases.authenticate().authenticate(connection, auth);
            case ClientRequest.Refresh refresh -> useCases.authenticate().refresh(connection, refresh);
        };
    }
}
