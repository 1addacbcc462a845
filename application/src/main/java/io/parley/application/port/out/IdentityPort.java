package io.parley.application.port.out;

import java.time.Instant;
import java.util.Optional;

import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.Grants;

/** Establishes who is connecting or calling, from what the request carries. */
public interface IdentityPort {

    /** Who the {@code credentials} belong to, or why they are not good enough. */
    Identity identify(Credentials credentials);

    /** Whether this identity needs credentials (jwt): then a connection without any must send an auth frame. */
    default boolean requiresCredentials() {
        return false;
    }

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
         * @param named     whether the user is a real name (verified or chosen) rather than made up for an anonymous
         *                  client; per-client limits count named users by name and anonymous ones by address
         * @param expiresAt when the credentials stop being good (a token's {@code exp}); empty: never
         * @param grants    what the credentials grant beyond stored memberships
         */
        record Known(UserId user, boolean named, Optional<Instant> expiresAt, Grants grants) implements Identity {
            public Known {
                if (user == null || expiresAt == null || grants == null) {
                    throw new IllegalArgumentException("a known identity needs a user, an expiry and grants");
                }
            }

            /** A user whose credentials do not expire and grant nothing (dev mode). */
            public Known(UserId user, boolean named) {
                this(user, named, Optional.empty(), Grants.none());
            }
        }

        /**
         * The credentials are malformed, badly signed, of another algorithm, for another issuer or audience, or
         * expired. {@code reason} says which for logs and answers; it never holds the token.
         */
        record Rejected(String reason) implements Identity {
        }

        /** No credentials came, where the mode needs them (jwt: an upgrade may still send an {@code auth} frame). */
        record Missing() implements Identity {
        }

        /** The request names a user that cannot be one (dev mode: a {@code user} that is no valid user id). */
        record Invalid(String reason) implements Identity {
        }
    }
}
