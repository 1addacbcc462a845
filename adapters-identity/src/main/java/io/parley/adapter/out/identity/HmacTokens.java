package io.parley.adapter.out.identity;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.Grants;

/**
 * Issues HS256 tokens that {@link JwtIdentity} accepts with the same secret: {@code sub}, {@code iat}, {@code exp}
 * and, when the grants grant anything, the {@code parley} claim. For the {@code token} command of the walk-through
 * and for tests; a real deployment's tokens come from its identity provider.
 */
public final class HmacTokens {
    private HmacTokens() {
    }

    /**
     * A compact HS256 token for {@code user}, good for {@code ttl} from {@code clock}'s now.
     *
     * @throws IllegalArgumentException if the secret is shorter than {@value JwtSettings#MIN_SECRET_BYTES} bytes or
     *                                  the lifetime is not positive
     */
    public static String issue(String secret, UserId user, Duration ttl, Grants grants, Clock clock) {
        return issue(secret, Optional.empty(), Optional.empty(), user, ttl, grants, clock);
    }

    /**
     * A compact HS256 token that {@code settings} accept: signed with their secret, with their issuer and audience
     * when they name them.
     *
     * @throws IllegalArgumentException if the settings have no secret, or the lifetime is not positive
     */
    public static String issue(JwtSettings settings, UserId user, Duration ttl, Grants grants, Clock clock) {
        String secret = settings.secret().orElseThrow(() -> new IllegalArgumentException(
                "issuing a token needs PARLEY_JWT_SECRET: the gateway only signs HS256 tokens"));
        return issue(secret, settings.issuer(), settings.audience(), user, ttl, grants, clock);
    }

    private static String issue(String secret, Optional<String> issuer, Optional<String> audience, UserId user,
                                Duration ttl, Grants grants, Clock clock) {
        JwtSettings.requireStrongSecret(secret);
        if (user == null || grants == null || clock == null || ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a token needs a user, grants, a clock and a positive lifetime");
        }
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(user.value())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)));
        issuer.ifPresent(claims::issuer);
        audience.ifPresent(claims::audience);
        ParleyClaim.of(grants).ifPresent(claim -> claims.claim(ParleyClaim.NAME, claim));
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                claims.build());
        try {
            token.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an HS256 token: " + e.getMessage(), e);
        }
        return token.serialize();
    }
}
