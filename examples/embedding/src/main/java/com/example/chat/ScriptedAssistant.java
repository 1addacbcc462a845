package com.example.chat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.parley.application.port.out.AssistantPort;
import io.parley.application.port.out.AssistantPrompt;
import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.RunCancellation;
import io.parley.domain.conversation.Message;
import io.parley.domain.conversation.MessageRole;

/**
 * The chat application's own assistant: it answers from a fixed template built from the last user message, and
 * streams the answer word by word on the calling thread, checking the cancellation before every word. A pause
 * between words (none by default) makes the streaming visible; a cancellation cuts it short. Nothing here can
 * fail, so it never answers {@link AssistantReply.Failed}; an exception from the caller's consumer is the caller's
 * and passes through untouched. {@code ScriptedAssistantContractTest} runs Parley's assistant contract on it.
 */
public final class ScriptedAssistant implements AssistantPort {
    /** Who answers, as {@code RUN_FINISHED} names it. */
    public static final String PROVIDER = "scripted";
    public static final String MODEL = "v1";
    private static final int MAX_TOPIC = 200;

    private final Duration pause;

    /** An assistant that sends its words as fast as the caller takes them. */
    public ScriptedAssistant() {
        this(Duration.ZERO);
    }

    /** An assistant that waits {@code pause} between two words. */
    public ScriptedAssistant(Duration pause) {
        if (pause == null || pause.isNegative()) {
            throw new IllegalArgumentException("the pause between words must be zero or more: " + pause);
        }
        this.pause = pause;
    }

    /** The whole answer to a conversation whose last user message is {@code question} (its first 200 code points). */
    public static String answerTo(String question) {
        String topic = question.strip().replaceAll("\\s+", " ");
        if (topic.codePointCount(0, topic.length()) > MAX_TOPIC) {
            topic = topic.substring(0, topic.offsetByCodePoints(0, MAX_TOPIC)).strip() + "…";
        }
        return topic.isEmpty() ? "Ask me something and I will tell you what you asked about."
                : "You asked about \"" + topic + "\". This reply comes from the chat app's own assistant.";
    }

    @Override
    public AssistantReply reply(AssistantPrompt prompt, AssistantPort.Stream deltas, RunCancellation cancellation) {
        CountDownLatch cancelled = new CountDownLatch(1);
        if (pause.isPositive()) {
            cancellation.onCancel(cancelled::countDown);
        }
        StringBuilder sent = new StringBuilder();
        List<String> words = List.of(answerTo(lastQuestion(prompt)).split("(?<= )"));
        for (String word : words) {
            boolean interrupted = !sent.isEmpty() && !pauseBetweenWords(cancelled);
            if (interrupted || cancellation.isCancelled()) {
                return new AssistantReply.Cancelled(sent.toString());
            }
            deltas.accept(word);
            sent.append(word);
        }
        return new AssistantReply.Completed(sent.toString(), PROVIDER, MODEL);
    }

    private static String lastQuestion(AssistantPrompt prompt) {
        return prompt.context().reversed().stream().filter(m -> m.role() == MessageRole.USER)
                .map(Message::content).findFirst().orElse("");
    }

    /** Waits the pause, or less when the run is cancelled; false when interrupted (its thread is to stop). */
    private boolean pauseBetweenWords(CountDownLatch cancelled) {
        if (!pause.isPositive()) {
            return true;
        }
        try {
            cancelled.await(pause.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
