package io.parley.adapter.out.assistant;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;

/** The echo assistant keeps the port's contract. */
class EchoAssistantContractTest extends AssistantAdapterContract {
    private final AssistantAdapter assistant = Assistants.create(new EchoSettings(Duration.ZERO));

    @Override
    protected AssistantAdapter assistant() {
        return assistant;
    }

    @AfterEach
    void close() {
        assistant.close();
    }
}
