package io.parley.domain.protocol;

/** Fixed numbers of the wire contract, version 1. */
public final class Protocol {
    /** The protocol version announced in {@code welcome}. */
    public static final int VERSION = 1;
    /** The optional WebSocket subprotocol. */
    public static final String SUBPROTOCOL = "parley.v1";
    /** Longest {@code ref} a client may send. */
    public static final int MAX_REF_LENGTH = 64;
    /** Malformed frames in a row after which the connection is closed with 1008. */
    public static final int MAX_BAD_FRAMES_IN_A_ROW = 20;
    /** Default and largest page of a {@code history} request. */
    public static final int HISTORY_DEFAULT_LIMIT = 50;
    public static final int HISTORY_MAX_LIMIT = 100;
    /** Most missed messages a {@code join} with {@code since} replays. */
    public static final int MAX_RECOVERY = 300;

    private Protocol() {
    }
}
