package com.example.chat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.parley.application.port.out.AssistantPrompt;
import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.RunCancellation;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.conversation.MessageRole;
import io.parley.domain.run.RunId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** What the scripted assistant says, and how: word by word, cut short by a cancellation even mid-pause. */
class ScriptedAssistantTest {
    private static final ConversationId CHAT = new ConversationId("chat");

    @Test
    void itAnswersTheLastUserMessageWordByWord() {
        List<String> words = new ArrayList<>();
        AssistantPrompt prompt = prompt(message(1, MessageRole.USER, "first question"),
                message(2, MessageRole.ASSISTANT, "an earlier answer"),
                message(3, MessageRole.USER, "  the\n weather  "));

        AssistantReply reply = new ScriptedAssistant().reply(prompt, words::add, new RunCancellation());

        String expected = "You asked about \"the weather\". This reply comes from the chat app's own assistant.";
        assertEquals(new AssistantReply.Completed(expected, "scripted", "v1"), reply);
        assertEquals(List.of("You ", "asked ", "about ", "\"the ", "weather\". "), words.subList(0, 5));
        assertEquals(expected, String.join("", words));
    }

    @Test
    void aLongQuestionIsQuotedInPartAndNoQuestionGetsAnInvitation() {
        assertEquals("You asked about \"" + "x".repeat(200) + "…\". This reply comes from the chat app's own "
                + "assistant.", ScriptedAssistant.answerTo("x".repeat(5000)));
        assertEquals("Ask me something and I will tell you what you asked about.", ScriptedAssistant.answerTo(" \n"));
    }

    @Test
    void aCancellationCutsAPauseShort() {
        ScriptedAssistant patient = new ScriptedAssistant(Duration.ofHours(1));
        RunCancellation cancellation = new RunCancellation();
        List<String> words = new ArrayList<>();

        AssistantReply reply = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> patient.reply(
                prompt(message(1, MessageRole.USER, "anything")), word -> {
                    words.add(word);
                    cancellation.cancel();
                }, cancellation), "the hour-long pause was not cut short");

        assertEquals(new AssistantReply.Cancelled("You "), reply);
        assertEquals(List.of("You "), words);
    }

    private static AssistantPrompt prompt(Message... context) {
        return new AssistantPrompt(CHAT, new RunId("run-1"), List.of(context));
    }

    private static Message message(long offset, MessageRole role, String content) {
        return new Message(CHAT, offset, new MessageId("m" + offset), role,
                new UserId(role == MessageRole.USER ? "alice" : "assistant"), content,
                Instant.parse("2026-05-01T10:00:00Z"), null);
    }
}
