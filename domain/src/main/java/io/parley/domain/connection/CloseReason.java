package io.parley.domain.connection;

/** Why a connection ended: the close code and a short human reason (at most 123 UTF-8 bytes on the wire). */
public record CloseReason(CloseCode code, String reason) {
    public CloseReason {
        if (code == null) {
            throw new IllegalArgumentException("close code is missing");
        }
        reason = reason == null ? "" : reason;
    }

    public static CloseReason of(CloseCode code, String reason) {
        return new CloseReason(code, reason);
    }
}
