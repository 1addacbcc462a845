package io.parley.domain.conversation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tool the assistant may call, as AG-UI describes it: its name, what it does, the JSON Schema of its parameters
 * and its metadata, both as JSON text (empty when absent). The gateway runs no tool: a front end does.
 *
 * @param requiresApproval whether its metadata says {@code "requiresApproval": true}: a call of it pauses the run
 *                         for a person (an AG-UI interrupt) until a {@code resume} answers
 */
public record Tool(String name, String description, String parameters, String metadata, boolean requiresApproval) {
    public Tool {
        if (!ToolCall.isValidName(name)) {
            throw new IllegalArgumentException("a tool needs a name of 1-" + ToolCall.MAX_NAME_LENGTH
                    + " characters without control characters");
        }
        description = description == null ? "" : description;
        parameters = parameters == null ? "" : parameters;
        metadata = metadata == null ? "" : metadata;
    }

    /** A tool that needs no approval. */
    public Tool(String name, String description, String parameters, String metadata) {
        this(name, description, parameters, metadata, false);
    }

    /** Tools offered from several places for one run: one per name, a later offer replacing an earlier one. */
    @SafeVarargs
    public static List<Tool> merged(List<Tool>... offers) {
        Map<String, Tool> byName = new LinkedHashMap<>();
        for (List<Tool> offer : offers) {
            offer.forEach(tool -> byName.put(tool.name(), tool));
        }
        return List.copyOf(byName.values());
    }
}
