package io.parley.adapter.out.assistant;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.RunCancellation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline echo assistant: a deterministic, clearly labelled, streamed echo that stops when cancelled. */
class EchoAssistantTest {
    private final AssistantAdapter echo = Assistants.create(new EchoSettings(Duration.ofMillis(1)));

    @Test
    void theEchoQuotesTheLastUserMessageWordByWord() {
        Fixtures.Deltas deltas = new Fixtures.Deltas();

        AssistantReply reply = echo.reply(Fixtures.prompt("hi", "hello!", "how are you?"), deltas,
                new RunCancellation());

        String expected = "Echo assistant (offline, no language model): you said: \"how are you?\"";
        assertEquals(new AssistantReply.Completed(expected, "echo", "echo-1"), reply);
        assertEquals(List.of("Echo ", "assistant ", "(offline, ", "no ", "language ", "model): ", "you ", "said: ",
                "\"how ", "are ", "you?\""), deltas.pieces);
    }

    @Test
    void theSameConversationAlwaysGetsTheSameChunks() {
        Fixtures.Deltas first = new Fixtures.Deltas();
        Fixtures.Deltas second = new Fixtures.Deltas();

        echo.reply(Fixtures.prompt("same words"), first, new RunCancellation());
        echo.reply(Fixtures.prompt("same words"), second, new RunCancellation());

        assertEquals(first.pieces, second.pieces);
    }

    @Test
    void aLongMessageIsQuotedShortened() {
        AssistantReply reply = echo.reply(Fixtures.prompt("word ".repeat(100)), text -> { }, new RunCancellation());

        String text = ((AssistantReply.Completed) reply).text();
        assertTrue(text.endsWith("…\""), text);
        assertTrue(text.length() < 260, text);
    }

    @Test
    void cancellingBetweenChunksStopsTheEcho() {
        RunCancellation cancellation = new RunCancellation();
        Fixtures.Deltas deltas = new Fixtures.Deltas();

        AssistantReply reply = echo.reply(Fixtures.prompt("hello"), piece -> {
            deltas.accept(piece);
            if (deltas.pieces.size() == 2) {
                cancellation.cancel();
            }
        }, cancellation);

        assertEquals(new AssistantReply.Cancelled("Echo assistant "), reply);
        assertEquals(2, deltas.pieces.size());
    }

    @Test
    void aCancelDuringThePauseEndsTheRunAtOnce() throws Exception {
        AssistantAdapter slowEcho = Assistants.create(new EchoSettings(Duration.ofSeconds(10)));
        RunCancellation cancellation = new RunCancellation();
        CountDownLatch firstChunk = new CountDownLatch(1);

        CompletableFuture<AssistantReply> reply = CompletableFuture.supplyAsync(
                () -> slowEcho.reply(Fixtures.prompt("hello"), piece -> firstChunk.countDown(), cancellation));
        assertTrue(firstChunk.await(5, TimeUnit.SECONDS));
        cancellation.cancel();

        assertEquals(new AssistantReply.Cancelled("Echo "), reply.get(2, TimeUnit.SECONDS));
    }

    @Test
    void theEchoSaysSoWhenThereIsNothingToEcho() {
        AssistantReply reply = echo.reply(Fixtures.prompt(), text -> { }, new RunCancellation());

        assertEquals("Echo assistant (offline, no language model): there is no message to echo yet.",
                ((AssistantReply.Completed) reply).text());
    }
}
