package io.parley.bootstrap;

import java.lang.System.Logger.Level;
import java.time.Clock;

import io.parley.adapter.out.identity.DevIdentity;
import io.parley.adapter.out.identity.JwtIdentity;
import io.parley.adapter.out.identity.JwtSettings;
import io.parley.application.port.out.IdGeneratorPort;
import io.parley.application.port.out.IdentityPort;
import io.parley.domain.LogLine;

/** The identity the settings choose: dev (users are who they say) or jwt (signed tokens). */
final class IdentityWiring {
    private static final System.Logger LOG = System.getLogger(IdentityWiring.class.getName());

    private IdentityWiring() {
    }

    static IdentityPort identity(ParleySettings.Security security, IdGeneratorPort ids, Clock clock) {
        if (security.devMode()) {
            return new DevIdentity(ids);
        }
        JwtIdentity jwt = new JwtIdentity(jwtSettings(security.jwt()), clock);
        LOG.log(Level.INFO, LogLine.event("jwt_identity").with("keys", jwt.keySources())
                .with("issuer", security.jwt().issuer().orElse(null))
                .with("audience", security.jwt().audience().orElse(null))
                .with("leeway_s", security.jwt().leeway().toSeconds()).toString());
        return jwt;
    }

    /** The adapter's settings for {@code jwt}; they check what they are given (a short secret, a missing file). */
    static JwtSettings jwtSettings(ParleySettings.Jwt jwt) {
        JwtSettings settings = JwtSettings.of(jwt.secret(), jwt.publicKey(), jwt.jwksUrl()).withLeeway(jwt.leeway());
        if (jwt.issuer().isPresent()) {
            settings = settings.withIssuer(jwt.issuer().get());
        }
        if (jwt.audience().isPresent()) {
            settings = settings.withAudience(jwt.audience().get());
        }
        return settings;
    }
}
