package io.parley.application.service;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;

import io.parley.application.port.in.Outcome;
import io.parley.application.port.in.PushEventsUseCase;
import io.parley.application.port.in.RelayEventsUseCase.Relayed;
import io.parley.application.port.out.FanoutPort;
import io.parley.domain.LogLine;
import io.parley.domain.connection.UserId;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.Exclusions;
import io.parley.domain.protocol.RelayLimit;
import io.parley.domain.protocol.ServerEvent;

/** Server push beyond conversations: to a user's connections, or to every connection, through the fan-out. */
public final class PushService implements PushEventsUseCase {
    private static final System.Logger LOG = System.getLogger(PushService.class.getName());

    private final FanoutPort fanout;
    private final RelayLimit limit;

    public PushService(FanoutPort fanout, RelayLimit limit) {
        this.fanout = fanout;
        this.limit = limit;
    }

    @Override
    public Outcome<Relayed> pushToUser(UserId user, List<String> events) {
        Optional<String> violation = limit.violation(events);
        if (violation.isPresent()) {
            return Outcome.refused(ErrorCode.TOO_LARGE, violation.get());
        }
        events.forEach(event -> fanout.publishToUser(user, new ServerEvent.UserPushed(user, event)));
        LOG.log(Level.DEBUG, () -> LogLine.event("user_push").with("user", user).with("events", events.size())
                .toString());
        return Outcome.done(new Relayed(events.size()));
    }

    @Override
    public Outcome<Relayed> broadcast(List<String> events, Exclusions exclusions) {
        Optional<String> violation = limit.violation(events);
        if (violation.isPresent()) {
            return Outcome.refused(ErrorCode.TOO_LARGE, violation.get());
        }
        events.forEach(event -> fanout.broadcast(new ServerEvent.Broadcast(event), exclusions));
        LOG.log(Level.INFO, () -> LogLine.event("broadcast").with("events", events.size())
                .with("excluded_users", exclusions.users().size())
                .with("excluded_connections", exclusions.connections().size()).toString());
        return Outcome.done(new Relayed(events.size()));
    }
}
