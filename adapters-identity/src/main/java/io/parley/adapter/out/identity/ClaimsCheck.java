package io.parley.adapter.out.identity;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;

import io.parley.domain.connection.UserId;

/**
 * The claims a signed token must have, checked after its signature: {@code iss} and {@code aud} as configured, an
 * {@code exp} that has not passed, no {@code nbf} or {@code iat} in the future (each give or take the leeway,
 * judged by the injected clock, not the system's), and a {@code sub} that is a valid user id. Nimbus' own
 * {@link DefaultJWTClaimsVerifier} makes each check; each failure becomes a {@link TokenRefused} with a short
 * reason of its own.
 */
final class ClaimsCheck implements JWTClaimsSetVerifier<SecurityContext> {
    private final List<Step> steps = new ArrayList<>();
    private final Clock clock;
    private final int leewaySeconds;

    ClaimsCheck(JwtSettings settings, Clock clock) {
        this.clock = clock;
        this.leewaySeconds = Math.toIntExact(settings.leeway().toSeconds());
        settings.issuer().ifPresent(issuer -> steps.add(new Step(new Untimed(null,
                new JWTClaimsSet.Builder().issuer(issuer).build(), null), "wrong issuer")));
        settings.audience().ifPresent(audience -> steps.add(new Step(new Untimed(Set.of(audience), null, null),
                "wrong audience")));
        steps.add(new Step(new Untimed(null, null, Set.of(JWTClaimNames.EXPIRATION_TIME)), "no expiry"));
        DefaultJWTClaimsVerifier<SecurityContext> window = new DefaultJWTClaimsVerifier<>(null, null, null, null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        window.setMaxClockSkew(leewaySeconds);
        steps.add(new Step(window, "not yet valid"));
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws TokenRefused {
        for (Step step : steps) {
            try {
                step.verifier().verify(claims, context);
            } catch (ExpiredJWTException e) {
                throw new TokenRefused("expired");
            } catch (BadJWTException e) {
                throw new TokenRefused(step.reason());
            }
        }
        Date issued = claims.getIssueTime();
        if (issued != null && issued.toInstant().isAfter(clock.instant().plusSeconds(leewaySeconds))) {
            throw new TokenRefused("issued in the future");
        }
        if (claims.getSubject() == null) {
            throw new TokenRefused("no subject");
        }
        if (!UserId.isValid(claims.getSubject())) {
            throw new TokenRefused("bad subject: not 1-128 characters of [A-Za-z0-9._:@|+-]");
        }
    }

    /** One of nimbus' checks, and the reason a failure gives. */
    private record Step(JWTClaimsSetVerifier<SecurityContext> verifier, String reason) {
    }

    /** Nimbus' verifier without its time checks: the window step makes those, with the clock. */
    private static final class Untimed extends DefaultJWTClaimsVerifier<SecurityContext> {
        Untimed(Set<String> audience, JWTClaimsSet exactMatch, Set<String> required) {
            super(audience, exactMatch, required, null);
        }

        @Override
        protected Date currentTime() {
            return null;
        }
    }
}
