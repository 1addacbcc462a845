package io.parley.application.service;

import java.lang.System.Logger.Level;
import java.time.Duration;

import io.parley.application.delivery.ConnectionRegistry;
import io.parley.application.delivery.Traffic;
import io.parley.application.port.in.AdmitConnectionCommand;
import io.parley.application.port.in.AdmitConnectionUseCase;
import io.parley.application.port.in.ConnectionTicket;
import io.parley.application.port.in.Outcome;
import io.parley.application.port.out.IdGeneratorPort;
import io.parley.application.port.out.IdentityPort;
import io.parley.application.port.out.RateLimitPort;
import io.parley.domain.LogLine;
import io.parley.domain.connection.AdmissionDecision;
import io.parley.domain.connection.ClientKey;
import io.parley.domain.connection.UpgradeRefusal;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.Refusal;
import io.parley.domain.ratelimit.RateDecision;

/**
 * Admits connections: the origin, who the client is, its connect rate, and the node's and the client's places.
 * Every refusal is counted and logged once.
 */
public final class AdmissionService implements AdmitConnectionUseCase {
    private static final System.Logger LOG = System.getLogger(AdmissionService.class.getName());

    private final ConnectionRegistry registry;
    private final IdentityPort identity;
    private final RateLimitPort rateLimits;
    private final IdGeneratorPort ids;
    private final ConnectionSettings settings;
    private final Traffic traffic;

    public AdmissionService(ConnectionRegistry registry, IdentityPort identity, RateLimitPort rateLimits,
                            IdGeneratorPort ids, ConnectionSettings settings, Traffic traffic) {
        this.registry = registry;
        this.identity = identity;
        this.rateLimits = rateLimits;
        this.ids = ids;
        this.settings = settings;
        this.traffic = traffic;
    }

    @Override
    public Outcome<ConnectionTicket> admit(AdmitConnectionCommand command) {
        if (!settings.origins().allows(command.origin(), command.host())) {
            return refuse(command, UpgradeRefusal.ORIGIN_NOT_ALLOWED,
                    "origin " + command.origin().orElse("") + " is not allowed", Duration.ZERO, null);
        }
        return switch (identity.identify(command.credentials())) {
            case IdentityPort.Identity.Rejected rejected ->
                    refuse(command, UpgradeRefusal.UNAUTHENTICATED, rejected.reason(), Duration.ZERO, null);
            case IdentityPort.Identity.Invalid invalid ->
                    refuse(command, UpgradeRefusal.BAD_REQUEST, invalid.reason(), Duration.ZERO, null);
            // no identity adapter answers Missing yet: refused as missing credentials were before it existed
            case IdentityPort.Identity.Missing missing ->
                    refuse(command, UpgradeRefusal.UNAUTHENTICATED, "no credentials", Duration.ZERO, null);
            case IdentityPort.Identity.Known known -> {
                ClientKey key = known.named() ? ClientKey.ofUser(known.user()) : ClientKey.ofAddress(command.client());
                if (rateLimits.tryTake("connect:" + key, settings.connectRate())
                        instanceof RateDecision.Limited limited) {
                    yield refuse(command, UpgradeRefusal.CONNECT_RATE, "connecting faster than "
                            + settings.connectRate().capacity() + " times per "
                            + settings.connectRate().period().toSeconds() + " s", limited.retryAfter(), known);
                }
                yield switch (registry.reserve(key, settings.limits())) {
                    case AdmissionDecision.Refuse refuse ->
                            refuse(command, refuse.refusal(), refuse.detail(), refuse.retryAfter(), known);
                    case AdmissionDecision.Admit admit -> Outcome.done(
                            new ConnectionTicket(ids.newConnectionId(), known.user(), command.client(), key));
                };
            }
        };
    }

    private Outcome<ConnectionTicket> refuse(AdmitConnectionCommand command, UpgradeRefusal refusal, String detail,
                                             Duration retryAfter, IdentityPort.Identity.Known known) {
        traffic.rejected(refusal.label());
        LOG.log(Level.INFO, () -> LogLine.event(refusal.isLimit() ? "limit_hit" : "refused")
                .with("refusal", refusal.label())
                .with("user", known == null ? null : known.user()).with("client", command.client())
                .with("origin", command.origin().orElse(null)).with("detail", detail).toString());
        return Outcome.refused(new Refusal(codeOf(refusal), refusal.label(), detail, retryAfter));
    }

    /** The protocol's error code of a refused upgrade, which tells its HTTP status (400, 401, 403, 429, 503). */
    private static ErrorCode codeOf(UpgradeRefusal refusal) {
        return switch (refusal) {
            case BAD_REQUEST -> ErrorCode.BAD_REQUEST;
            case UNAUTHENTICATED -> ErrorCode.UNAUTHORIZED;
            case ORIGIN_NOT_ALLOWED -> ErrorCode.FORBIDDEN;
            case TOO_MANY_FOR_CLIENT, CONNECT_RATE -> ErrorCode.RATE_LIMITED;
            case NODE_FULL, SHUTTING_DOWN -> ErrorCode.UNAVAILABLE;
        };
    }
}
