package io.parley.adapter.out.llm;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;

/** The echo assistant keeps the port's contract. */
class EchoAssistantContractTest extends AssistantPortContract {
    private final LlmAssistant assistant = Assistants.create(new EchoSettings(Duration.ZERO));

    @Override
    LlmAssistant assistant() {
        return assistant;
    }

    @AfterEach
    void close() {
        assistant.close();
    }
}
