package io.parley.application.port.in;

import io.parley.domain.connection.ConnectionId;
import io.parley.domain.protocol.ClientRequest;

/** Takes the tokens a connection sends in frames: the first one ({@code auth}) and newer ones ({@code refresh}). */
public interface AuthenticateConnectionUseCase {

    /**
     * The token of a connection that opened without one. Done: the reply is {@code welcome}. Refused:
     * {@code unauthorized} (a bad token), {@code bad_request} (already authenticated), {@code rate_limited} (the
     * user holds their maximum of connections); the adapter then closes the connection.
     */
    Outcome<Reply> authenticate(ConnectionId connection, ClientRequest.Auth request);

    /**
     * A newer token for the same user: the connection lasts until its expiry, with its grants. Done: the reply is
     * {@code refreshed}. Refused: {@code forbidden} (a bad token, another user, not newer); the connection stays as
     * it was.
     */
    Outcome<Reply> refresh(ConnectionId connection, ClientRequest.Refresh request);
}
