package io.parley.application.port.in;

import java.util.Optional;

import io.parley.application.port.out.IdentityPort.Credentials;
import io.parley.domain.connection.ClientAddress;

/**
 * A WebSocket upgrade request, as far as admission cares.
 *
 * @param origin the {@code Origin} header, if any
 * @param host the {@code Host} header, if any
 */
public record AdmitConnectionCommand(Credentials credentials, ClientAddress client, Optional<String> origin,
                                     Optional<String> host) {
    public AdmitConnectionCommand {
        if (credentials == null || client == null || origin == null || host == null) {
            throw new IllegalArgumentException("admission needs credentials, client, origin and host");
        }
    }
}
