package io.parley.application.port.in;

import java.util.List;

import io.parley.application.port.in.RelayEventsUseCase.Relayed;
import io.parley.domain.connection.UserId;
import io.parley.domain.protocol.Exclusions;

/**
 * Pushes events beyond conversations, for backend services with the server key: to every connection of a user
 * (alerts, the status of a request they made elsewhere), or to every connection (announcements). Nothing is
 * stored; the events of one request are bounded as a relay's ({@code RelayLimit}).
 */
public interface PushEventsUseCase {

    /**
     * Pushes each event (a JSON object with a string {@code type}) to {@code user}'s connections. Refused:
     * {@code too_large}.
     */
    Outcome<Relayed> pushToUser(UserId user, List<String> events);

    /** Pushes each event to every connection but those left out. Refused: {@code too_large}. */
    Outcome<Relayed> broadcast(List<String> events, Exclusions exclusions);
}
