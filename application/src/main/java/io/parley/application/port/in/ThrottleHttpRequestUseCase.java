package io.parley.application.port.in;

import io.parley.application.port.out.IdentityPort.Credentials;
import io.parley.domain.connection.ClientAddress;

/** Holds HTTP API clients to their request rate. */
public interface ThrottleHttpRequestUseCase {

    /**
     * Takes one request from the quota of the client: the user where the credentials name one, else the address.
     */
    HttpQuota take(Credentials credentials, ClientAddress client);
}
