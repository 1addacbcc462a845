package io.parley.domain.conversation;

/**
 * A call of a tool that the assistant asked for, as it stored it: the id the model gave the call, the tool's name,
 * and the arguments exactly as the model wrote them (JSON text, not parsed here).
 */
public record ToolCall(String id, String name, String arguments) {
    /** The longest tool call id or tool name kept. */
    public static final int MAX_NAME_LENGTH = 256;

    public ToolCall {
        if (!isValidName(id) || !isValidName(name)) {
            throw new IllegalArgumentException("a tool call needs an id and a name of 1-" + MAX_NAME_LENGTH
                    + " characters without control characters");
        }
        arguments = arguments == null ? "" : arguments;
    }

    /** Whether {@code candidate} can be a tool call id or a tool name. */
    public static boolean isValidName(String candidate) {
        return candidate != null && !candidate.isEmpty() && candidate.length() <= MAX_NAME_LENGTH
                && candidate.chars().noneMatch(Character::isISOControl);
    }
}
