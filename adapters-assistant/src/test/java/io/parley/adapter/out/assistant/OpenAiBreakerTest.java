package io.parley.adapter.out.assistant;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.parley.adapter.common.resilience.CircuitState;
import io.parley.application.port.out.AssistantReply.Failure;
import io.parley.application.port.out.AssistantReply;
import io.parley.application.port.out.RunCancellation;
import io.parley.application.testing.Eventually;
import io.parley.domain.testing.LogCapture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The circuit breaker: five failed runs open it, it then refuses without calling, and one trial decides. */
class OpenAiBreakerTest {
    private static final String BROKEN = "{\"error\":{\"message\":\"upstream exploded\"}}";

    private FakeProvider provider;
    private AssistantAdapter assistant;
    private LogCapture logs;

    @BeforeEach
    void start() throws IOException {
        provider = FakeProvider.start(Answers.status(500, BROKEN));
        logs = LogCapture.of(Assistants.class.getPackageName());
        assistant = Assistants.create(Fixtures.openAi(provider.baseUrl(), Fixtures.resilience().retries(1)));
    }

    @AfterEach
    void stop() {
        logs.close();
        assistant.close();
        provider.close();
    }

    @Test
    void fiveFailedRunsOpenTheCircuitWhichAnswersAtOnceUntilASingleTrialRequestClosesIt() throws InterruptedException {
        for (int run = 0; run < 5; run++) {
            assertEquals(Failure.UNAVAILABLE, failure(reply()));
        }
        assertEquals(10, provider.requestCount(), "each failed run tried twice");
        assertEquals(CircuitState.OPEN, assistant.circuitState());

        AssistantReply.Failed refused = assertInstanceOf(AssistantReply.Failed.class, reply());
        assertEquals(Failure.UNAVAILABLE, refused.failure());
        assertTrue(refused.message().contains("paused"), refused.message());
        assertTrue(refused.retryAfter().compareTo(Duration.ZERO) > 0, "tells when to try again");
        assertEquals(10, provider.requestCount(), "no upstream call while open");

        awaitState(CircuitState.HALF_OPEN);
        provider.script(Answers.status(503, BROKEN), Answers.stream(Sse.reply("back again")));
        assertEquals(Failure.UNAVAILABLE, failure(reply()), "a failed trial is not retried");
        assertEquals(11, provider.requestCount());
        awaitState(CircuitState.HALF_OPEN);
        assertEquals(new AssistantReply.Completed("back again", "openai", "fake-model"), reply());
        assertEquals(12, provider.requestCount());
        assertEquals(CircuitState.CLOSED, assistant.circuitState());

        assertEquals(List.of("from=closed to=open", "from=open to=half_open", "from=half_open to=open",
                        "from=open to=half_open", "from=half_open to=closed"),
                logs.lines("event=breaker_state breaker=llm").stream()
                        .map(line -> line.substring(line.indexOf("from="))).toList());
    }

    @Test
    void aFailedTrialRunOpensTheCircuitAgain() throws InterruptedException {
        for (int run = 0; run < 5; run++) {
            reply();
        }
        awaitState(CircuitState.HALF_OPEN);

        assertEquals(Failure.UNAVAILABLE, failure(reply()));

        assertEquals(11, provider.requestCount(), "the trial is a single request, not retried");
        assertEquals(CircuitState.OPEN, assistant.circuitState());
        assertEquals(1, logs.lines("from=half_open to=open").size(), logs.lines().toString());
    }

    @Test
    void refusedRequestsSayNothingAboutTheProvidersHealth() {
        provider.script(Answers.status(401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}"));

        for (int run = 0; run < 6; run++) {
            assertEquals(Failure.UPSTREAM_ERROR, failure(reply()));
        }

        assertEquals(CircuitState.CLOSED, assistant.circuitState());
        assertEquals(6, provider.requestCount());
    }

    private AssistantReply reply() {
        return assistant.reply(Fixtures.prompt("hello"), text -> { }, new RunCancellation());
    }

    private static Failure failure(AssistantReply reply) {
        return assertInstanceOf(AssistantReply.Failed.class, reply).failure();
    }

    private void awaitState(CircuitState state) {
        Eventually.until("the circuit " + state, () -> assistant.circuitState() == state);
    }
}
