package io.parley.application.port.in;

import java.time.Instant;
import java.util.Optional;

import io.parley.application.port.out.IdentityPort;
import io.parley.domain.connection.ClientAddress;
import io.parley.domain.connection.ClientKey;
import io.parley.domain.connection.ConnectionId;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.Grants;

/**
 * Who a connection is: its user, what per-client limits count it by (the user when named, else the address),
 * when its token expires and what the token grants; or nobody yet, for a connection that opened without a token
 * and must send it in its first frame (its user is then a stand-in, {@code unauthenticated:<connection>}, for logs).
 */
public record Principal(UserId user, ClientKey clientKey, Optional<Instant> expiresAt, Grants grants,
                        boolean authenticated) {
    public Principal {
        if (user == null || clientKey == null || expiresAt == null || grants == null) {
            throw new IllegalArgumentException("a principal needs a user, a client key, an expiry and grants");
        }
    }

    /** The user {@code known} connecting from {@code client}. */
    public static Principal of(IdentityPort.Identity.Known known, ClientAddress client) {
        return new Principal(known.user(), known.named() ? ClientKey.ofUser(known.user()) : ClientKey.ofAddress(client),
                known.expiresAt(), known.grants(), true);
    }

    /** A connection from {@code client} whose token is still to come. */
    public static Principal awaitingAuth(ConnectionId connection, ClientAddress client) {
        return new Principal(new UserId("unauthenticated:" + connection.value()), ClientKey.ofAddress(client),
                Optional.empty(), Grants.none(), false);
    }
}
