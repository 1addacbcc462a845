package io.parley.application.port.out;

import java.util.Optional;

import io.parley.domain.connection.UserId;

/** Establishes who is connecting or calling, from what the request carries. */
public interface IdentityPort {

    /** Who the {@code credentials} belong to, or why they are not good enough. */
    Identity identify(Credentials credentials);

    /**
     * What a request carries that may identify its sender.
     *
     * @param bearerToken from {@code Authorization: Bearer …} or, for browsers, the {@code access_token} parameter
     * @param claimedUser the {@code user} parameter, trusted only in dev mode
     */
    record Credentials(Optional<String> bearerToken, Optional<String> claimedUser) {
        public static Credentials none() {
            return new Credentials(Optional.empty(), Optional.empty());
        }
    }

    /** The outcome of {@link #identify}. */
    sealed interface Identity {
        /**
         * The sender is {@code user}.
         *
         * @param named whether the user is a real name (verified or chosen) rather than made up for an anonymous
         *        client; per-client limits count named users by name and anonymous ones by address
         */
        record Known(UserId user, boolean named) implements Identity {
        }

        /** The credentials are missing, malformed, badly signed or expired. */
        record Rejected(String reason) implements Identity {
        }

        /** The request names a user that cannot be one (dev mode: a {@code user} that is no valid user id). */
        record Invalid(String reason) implements Identity {
        }
    }
}
