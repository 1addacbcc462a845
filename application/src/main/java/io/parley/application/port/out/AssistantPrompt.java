package io.parley.application.port.out;

import java.util.List;

import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.run.RunId;

/**
 * What the assistant answers: the conversation's latest messages, oldest first (the last one is usually the
 * user message being answered).
 *
 * @param runId the run this reply belongs to, for logs and upstream request ids
 */
public record AssistantPrompt(ConversationId conversation, RunId runId, List<Message> context) {
    public AssistantPrompt {
        if (conversation == null || runId == null) {
            throw new IllegalArgumentException("a prompt needs a conversation and a run id");
        }
        context = List.copyOf(context);
    }
}
