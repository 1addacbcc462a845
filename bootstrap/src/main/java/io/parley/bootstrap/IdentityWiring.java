package io.parley.bootstrap;

import java.time.Clock;

import io.parley.adapter.out.identity.DevIdentity;
import io.parley.application.port.out.IdGeneratorPort;
import io.parley.application.port.out.IdentityPort;

/** The identity the settings choose: dev (users are who they say) or jwt (signed tokens). */
final class IdentityWiring {
    private IdentityWiring() {
    }

    static IdentityPort identity(ParleySettings.Security security, IdGeneratorPort ids, Clock clock) {
        if (security.devMode()) {
            return new DevIdentity(ids);
        }
        throw new IllegalArgumentException("parley.auth.mode jwt: not wired yet");
    }
}
