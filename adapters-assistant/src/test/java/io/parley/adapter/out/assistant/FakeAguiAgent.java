package io.parley.adapter.out.assistant;

import java.io.IOException;
import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A real AG-UI agent server on loopback for tests, at {@code /agent}: each run gets the next scripted answer (the
 * last one repeats), usually {@link #run} with events from {@link AguiSse}; it records the {@code RunAgentInput}
 * each run sent and notices clients that hang up. It is a {@link FakeProvider} that answers in AG-UI.
 */
public final class FakeAguiAgent implements AutoCloseable {
    private final FakeProvider server;

    private FakeAguiAgent(FakeProvider server) {
        this.server = server;
    }

    /** An agent that answers with these, in order, the last one for every run after. */
    public static FakeAguiAgent start(FakeProvider.Answer... answers) throws IOException {
        return new FakeAguiAgent(FakeProvider.start(answers));
    }

    /** 200 {@code text/event-stream} with these events (each one SSE event, see {@link AguiSse}), then the end. */
    public static FakeProvider.Answer run(String... events) {
        return Answers.stream(events);
    }

    /** Replaces the script. */
    public void script(FakeProvider.Answer... answers) {
        server.script(answers);
    }

    /** The agent's endpoint, as {@code PARLEY_LLM_BASE_URL} names it. */
    public URI endpoint() {
        return server.baseUrl().resolve("/agent");
    }

    public int runCount() {
        return server.requestCount();
    }

    /** The {@code RunAgentInput} of run {@code index} (from 0). */
    public JsonNode input(int index) {
        return server.request(index).json();
    }

    /** The whole request of run {@code index}: its path, headers and body. */
    public FakeProvider.Received request(int index) {
        return server.request(index);
    }

    /** Waits until a held stream noticed that its client closed the connection. */
    public boolean awaitHangUp() throws InterruptedException {
        return server.awaitHangUp();
    }

    /** Waits until {@code count} more runs than already awaited have arrived. */
    public boolean awaitRuns(int count) throws InterruptedException {
        return server.awaitRequests(count);
    }

    @Override
    public void close() {
        server.close();
    }
}
