package io.parley.domain.protocol;

import java.util.List;
import java.util.Optional;

import io.parley.domain.conversation.ContentLimit;

/**
 * What one request may relay live to members (AG-UI events a backend pushes, each becoming its own frame to every
 * member): at most {@code maxEvents} events, each within the message bound, {@code maxTotalBytes} in all.
 */
public record RelayLimit(int maxEvents, ContentLimit eachEvent, long maxTotalBytes) {
    public RelayLimit {
        if (maxEvents < 1 || eachEvent == null || maxTotalBytes < 1) {
            throw new IllegalArgumentException("a relay limit needs room for one event");
        }
    }

    /** Why {@code events} (each one JSON text) cross the limit, if they do. */
    public Optional<String> violation(List<String> events) {
        if (events.size() > maxEvents) {
            return Optional.of(events.size() + " events in one request; at most " + maxEvents);
        }
        long total = 0;
        for (int i = 0; i < events.size(); i++) {
            long bytes = ContentLimit.utf8Length(events.get(i));
            if (bytes > eachEvent.maxBytes()) {
                return Optional.of("event " + i + " has " + bytes + " bytes; at most " + eachEvent.maxBytes());
            }
            total += bytes;
        }
        return total > maxTotalBytes
                ? Optional.of(total + " bytes of events in one request; at most " + maxTotalBytes)
                : Optional.empty();
    }
}
