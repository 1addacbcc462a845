package io.parley.application.port.in;

import io.parley.application.port.out.IdentityPort.Credentials;

/** Who calls an HTTP endpoint: a backend service with the server key, or a user with their credentials. */
public sealed interface Caller {

    /** A backend service that presented the server key: it may manage any conversation. */
    record ServerKey() implements Caller {
    }

    /** A user, who is who their credentials say. */
    record User(Credentials credentials) implements Caller {
        public User {
            if (credentials == null) {
                throw new IllegalArgumentException("a user caller needs credentials");
            }
        }
    }
}
