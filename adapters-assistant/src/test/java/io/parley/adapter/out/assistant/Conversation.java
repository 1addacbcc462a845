package io.parley.adapter.out.assistant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.parley.application.port.out.AssistantPrompt;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.AgentParts;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.conversation.Tool;
import io.parley.domain.conversation.ToolCall;
import io.parley.domain.run.RunId;

/** Builds an agent's conversation for the request tests: user text, assistant tool calls, tool results, tools. */
final class Conversation {
    private static final ConversationId ID = new ConversationId("team-chat");
    private static final Instant START = Instant.parse("2024-05-01T10:00:00Z");

    private final List<Message> context = new ArrayList<>();
    private final List<Tool> tools = new ArrayList<>();

    static Conversation of() {
        return new Conversation();
    }

    Conversation user(String text) {
        return add(MessageRole.USER, "alice", text, AgentParts.NONE);
    }

    /** An assistant message with this text (may be empty) and these calls. */
    Conversation assistant(String text, ToolCall... calls) {
        return add(MessageRole.ASSISTANT, "assistant", text, AgentParts.assistant(List.of(calls), ""));
    }

    /** An assistant message that reasoned before it answered. */
    Conversation reasonedAssistant(String reasoning, String text, ToolCall... calls) {
        return add(MessageRole.ASSISTANT, "assistant", text, AgentParts.assistant(List.of(calls), reasoning));
    }

    /** The front end's result of the call {@code callId}. */
    Conversation result(String callId, String content) {
        return add(MessageRole.TOOL, "alice", content, AgentParts.result(callId));
    }

    Conversation offering(Tool tool) {
        tools.add(tool);
        return this;
    }

    AssistantPrompt prompt() {
        return new AssistantPrompt(ID, new RunId("run-agent"), context, tools);
    }

    static ToolCall call(String id, String name, String arguments) {
        return new ToolCall(id, name, arguments);
    }

    private Conversation add(MessageRole role, String sender, String content, AgentParts parts) {
        int offset = context.size() + 1;
        context.add(new Message(ID, offset, new MessageId("m" + offset), role, new UserId(sender), content,
                START.plusSeconds(offset), null, parts));
        return this;
    }
}
