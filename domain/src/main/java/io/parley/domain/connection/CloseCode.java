package io.parley.domain.connection;

import java.util.Map;

/** A WebSocket close status code (RFC 6455 section 7.4), with the ones the protocol names. */
public record CloseCode(int value) {
    public static final CloseCode NORMAL = new CloseCode(1000);
    public static final CloseCode GOING_AWAY = new CloseCode(1001);
    public static final CloseCode PROTOCOL_ERROR = new CloseCode(1002);
    public static final CloseCode NO_STATUS = new CloseCode(1005);
    public static final CloseCode ABNORMAL = new CloseCode(1006);
    public static final CloseCode INVALID_PAYLOAD = new CloseCode(1007);
    public static final CloseCode POLICY_VIOLATION = new CloseCode(1008);
    public static final CloseCode TOO_BIG = new CloseCode(1009);
    public static final CloseCode INTERNAL_ERROR = new CloseCode(1011);
    public static final CloseCode TRY_AGAIN_LATER = new CloseCode(1013);
    public static final CloseCode HEARTBEAT_TIMEOUT = new CloseCode(4000);
    public static final CloseCode IDLE = new CloseCode(4001);
    public static final CloseCode RATE_LIMITED = new CloseCode(4008);
    public static final CloseCode SLOW_CONSUMER = new CloseCode(4009);

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1000, "normal"), Map.entry(1001, "going_away"), Map.entry(1002, "protocol_error"),
            Map.entry(1003, "unsupported_data"), Map.entry(1005, "no_status"), Map.entry(1006, "abnormal"),
            Map.entry(1007, "invalid_payload"), Map.entry(1008, "policy_violation"), Map.entry(1009, "too_big"),
            Map.entry(1011, "internal_error"), Map.entry(1013, "try_again_later"),
            Map.entry(4000, "heartbeat_timeout"), Map.entry(4001, "idle"), Map.entry(4008, "rate_limited"),
            Map.entry(4009, "slow_consumer"));

    public CloseCode {
        if (value < 1000 || value > 4999) {
            throw new IllegalArgumentException("close code out of range: " + value);
        }
    }

    /**
     * Whether a peer may send this code in a close frame (RFC 6455 section 7.4): not 1004-1006 (never sent), not
     * 1015-2999 (unassigned, reserved for the protocol).
     */
    public boolean sendable() {
        return value >= 3000 || value <= 1003 || value >= 1007 && value <= 1014;
    }

    /** A short name for logs and metrics, such as {@code slow_consumer}, or {@code code_3000}. */
    public String label() {
        return NAMES.getOrDefault(value, "code_" + value);
    }

    @Override
    public String toString() {
        return value + " " + label();
    }
}
