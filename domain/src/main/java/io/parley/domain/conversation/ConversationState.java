package io.parley.domain.conversation;

/**
 * A conversation's shared state, as AG-UI shares it between the user and the agent: one JSON value (text here;
 * the gateway's adapters read and patch it) and its version, which every change raises by one. Version 0 is a
 * conversation that has no state yet.
 */
public record ConversationState(ConversationId conversation, long version, String json) {
    /** The largest state a conversation may hold, in UTF-8 bytes, unless configured otherwise. */
    public static final int DEFAULT_MAX_BYTES = 64 * 1024;

    public ConversationState {
        if (conversation == null || json == null || json.isEmpty()) {
            throw new IllegalArgumentException("a state needs a conversation and a JSON value");
        }
        if (version < 0) {
            throw new IllegalArgumentException("a state's version is not negative: " + version);
        }
    }

    /** The state of a conversation that has none: version 0, an empty object. */
    public static ConversationState none(ConversationId conversation) {
        return new ConversationState(conversation, 0, "{}");
    }

    /** Whether the conversation has a state (it changed at least once). */
    public boolean exists() {
        return version > 0;
    }

    /** The state after a change to {@code next}. */
    public ConversationState next(String nextJson) {
        return new ConversationState(conversation, version + 1, nextJson);
    }
}
