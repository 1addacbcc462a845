package io.parley.application.port.out;

import java.util.List;

import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.Tool;
import io.parley.domain.run.RunId;

/**
 * What the assistant answers: the conversation's latest messages, oldest first (the last one is usually the
 * user message being answered, or the results of the tools it called), and the tools it may call.
 *
 * @param runId the run this reply belongs to, for logs and upstream request ids
 * @param tools the front-end tools the model may call in this run (the gateway runs none of them)
 * @param state the conversation's shared state (JSON text), empty when it has none
 */
public record AssistantPrompt(ConversationId conversation, RunId runId, List<Message> context, List<Tool> tools,
                              String state) {
    public AssistantPrompt {
        if (conversation == null || runId == null) {
            throw new IllegalArgumentException("a prompt needs a conversation and a run id");
        }
        context = List.copyOf(context);
        tools = List.copyOf(tools);
        state = state == null ? "" : state;
    }

    /** A prompt with tools and no state. */
    public AssistantPrompt(ConversationId conversation, RunId runId, List<Message> context, List<Tool> tools) {
        this(conversation, runId, context, tools, "");
    }

    /** A prompt with no tools and no state. */
    public AssistantPrompt(ConversationId conversation, RunId runId, List<Message> context) {
        this(conversation, runId, context, List.of(), "");
    }
}
