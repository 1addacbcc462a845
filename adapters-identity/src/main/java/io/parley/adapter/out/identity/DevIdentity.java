package io.parley.adapter.out.identity;

import io.parley.application.port.out.IdGeneratorPort;
import io.parley.application.port.out.IdentityPort;
import io.parley.domain.connection.UserId;

/**
 * Dev-mode identity: the user is whoever the {@code user} parameter names, or a made-up {@code anon-…} name.
 * Nothing is verified; tokens are ignored. For demos and local development only.
 */
public final class DevIdentity implements IdentityPort {
    private final IdGeneratorPort ids;

    public DevIdentity(IdGeneratorPort ids) {
        this.ids = ids;
    }

    @Override
    public Identity identify(Credentials credentials) {
        if (credentials.claimedUser().isEmpty()) {
            return new Identity.Known(ids.newAnonymousUser(), false);
        }
        String claimed = credentials.claimedUser().get();
        if (!UserId.isValid(claimed)) {
            return new Identity.Invalid("user must be 1-128 characters of [A-Za-z0-9._:@|+-]");
        }
        return new Identity.Known(new UserId(claimed), true);
    }
}
