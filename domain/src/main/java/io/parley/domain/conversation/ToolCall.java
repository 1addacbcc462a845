package io.parley.domain.conversation;

/**
 * A call of a tool that the assistant asked for, as it stored it: the id the model gave the call, the tool's name,
 * and the arguments exactly as the model wrote them (JSON text, not parsed here).
 *
 * @param awaitsApproval whether the tool requires a person's approval: the call is an AG-UI interrupt, answered by
 *                       a {@code resume} (see {@link #interruptId})
 */
public record ToolCall(String id, String name, String arguments, boolean awaitsApproval) {
    /** What an interrupt's id is made of: this, then the id of the call that awaits approval. */
    public static final String INTERRUPT_PREFIX = "approve-";

    /** The longest tool call id or tool name kept. */
    public static final int MAX_NAME_LENGTH = 256;

    public ToolCall {
        if (!isValidName(id) || !isValidName(name)) {
            throw new IllegalArgumentException("a tool call needs an id and a name of 1-" + MAX_NAME_LENGTH
                    + " characters without control characters");
        }
        arguments = arguments == null ? "" : arguments;
    }

    /** A call that needs no approval. */
    public ToolCall(String id, String name, String arguments) {
        this(id, name, arguments, false);
    }

    /** This call, awaiting a person's approval. */
    public ToolCall awaitingApproval() {
        return new ToolCall(id, name, arguments, true);
    }

    /** The id of the interrupt that asks to approve this call. */
    public String interruptId() {
        return INTERRUPT_PREFIX + id;
    }

    /** Whether {@code candidate} can be a tool call id or a tool name. */
    public static boolean isValidName(String candidate) {
        return candidate != null && !candidate.isEmpty() && candidate.length() <= MAX_NAME_LENGTH
                && candidate.chars().noneMatch(Character::isISOControl);
    }
}
