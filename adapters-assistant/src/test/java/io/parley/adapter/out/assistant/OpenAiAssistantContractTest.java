package io.parley.adapter.out.assistant;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The OpenAI-compatible assistant keeps the port's contract against a local fake provider. */
class OpenAiAssistantContractTest extends AssistantAdapterContract {
    private FakeProvider provider;
    private AssistantAdapter assistant;

    @BeforeEach
    void start() throws IOException {
        provider = FakeProvider.start(Answers.stream(Sse.reply("Hello", " there", "!")));
        assistant = Assistants.create(Fixtures.openAi(provider.baseUrl(), Fixtures.resilience()));
    }

    @Override
    protected AssistantAdapter assistant() {
        return assistant;
    }

    @AfterEach
    void stop() {
        assistant.close();
        provider.close();
    }
}
