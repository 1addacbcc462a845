package io.parley.adapter.out.identity;

import java.lang.System.Logger.Level;
import java.text.ParseException;
import java.time.Clock;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import io.parley.application.port.out.IdentityPort;
import io.parley.domain.connection.UserId;

/**
 * JWT identity ({@code PARLEY_AUTH_MODE=jwt}): the user is the {@code sub} of a bearer token that verifies with the
 * configured keys ({@link JwtSettings}) and whose claims hold; the {@code parley} claim adds grants. Only the token
 * counts, never a claimed user; no token is {@link Identity.Missing}. A refusal's reason is short and never holds
 * the token or any part of it. Verification is nimbus-jose-jwt's ({@link DefaultJWTProcessor}); times are judged by
 * the clock given here. Thread-safe.
 */
public final class JwtIdentity implements IdentityPort {
    /** The longest token looked at; longer ones are refused before parsing. */
    public static final int MAX_TOKEN_LENGTH = 16 * 1024;
    private static final System.Logger LOG = System.getLogger(JwtIdentity.class.getName());
    private static final DefaultJOSEObjectTypeVerifier<SecurityContext> TYPES = new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null);

    private final JwtKeys keys;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /**
     * Verifies tokens as {@code settings} say, judging {@code exp}, {@code nbf} and {@code iat} by {@code clock}.
     * Reads the public key file now.
     *
     * @throws IllegalArgumentException if the public key file is missing or holds no supported key
     */
    public JwtIdentity(JwtSettings settings, Clock clock) {
        if (settings == null || clock == null) {
            throw new IllegalArgumentException("jwt identity needs its settings and a clock");
        }
        this.keys = new JwtKeys(settings);
        processor.setJWSTypeVerifier(TYPES);
        processor.setJWSKeySelector(keys);
        processor.setJWTClaimsSetVerifier(new ClaimsCheck(settings, clock));
        LOG.log(Level.DEBUG, () -> "jwt identity: " + keys.describe() + "; " + settings);
    }

    /** What verifies which algorithm, for a start-up log line; never the secret. */
    public String keySources() {
        return keys.describe();
    }

    @Override
    public Identity identify(Credentials credentials) {
        Optional<String> token = credentials.bearerToken().map(String::strip).filter(t -> !t.isEmpty());
        if (token.isEmpty()) {
            return new Identity.Missing();
        }
        Identity identity = verify(token.get());
        if (identity instanceof Identity.Rejected rejected) {
            LOG.log(Level.DEBUG, () -> "token refused: " + rejected.reason());
        }
        return identity;
    }

    /** True: a connection without a token must send one in an {@code auth} frame. */
    @Override
    public boolean requiresCredentials() {
        return true;
    }

    private Identity verify(String token) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            return new Identity.Rejected("token longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            return new Identity.Rejected("malformed token");
        }
        if (jwt instanceof PlainJWT) {
            return new Identity.Rejected("unsecured token (alg none)");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            return new Identity.Rejected("encrypted tokens are not accepted");
        }
        if (!keys.algorithms().contains(signed.getHeader().getAlgorithm())) {
            return new Identity.Rejected("algorithm not accepted (accepted: " + keys.algorithms() + ")");
        }
        if (!typeAllowed(signed.getHeader().getType())) {
            return new Identity.Rejected("wrong token type (typ must be JWT or at+jwt, or absent)");
        }
        try {
            return known(processor.process(signed, null));
        } catch (TokenRefused e) {
            return new Identity.Rejected(e.getMessage());
        } catch (BadJWSException e) {
            return new Identity.Rejected("bad signature");
        } catch (BadJWTException e) {
            return new Identity.Rejected("malformed token"); // a payload that is no claims set
        } catch (BadJOSEException | RateLimitReachedException e) {
            return new Identity.Rejected("unknown key"); // none for its kid, even after a re-read (or one too soon)
        } catch (KeySourceException e) {
            LOG.log(Level.WARNING, "jwt identity: the signing keys cannot be had: " + e.getMessage());
            return new Identity.Rejected("signing keys unavailable");
        } catch (JOSEException e) {
            return new Identity.Rejected("cannot verify the token");
        }
    }

    private static boolean typeAllowed(JOSEObjectType type) {
        try {
            TYPES.verify(type, null);
            return true;
        } catch (BadJOSEException e) {
            return false;
        }
    }

    private static Identity known(JWTClaimsSet claims) throws TokenRefused {
        return new Identity.Known(new UserId(claims.getSubject()), true,
                Optional.of(claims.getExpirationTime().toInstant()), ParleyClaim.read(claims));
    }
}
