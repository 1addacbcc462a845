package io.parley.adapter.out.assistant;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The AG-UI assistant keeps the port's contract against a local fake agent. */
class AguiAssistantContractTest extends AssistantAdapterContract {
    private FakeAguiAgent agent;
    private AssistantAdapter assistant;

    @BeforeEach
    void start() throws IOException {
        agent = FakeAguiAgent.start(FakeAguiAgent.run(AguiSse.textRun("Hello", " there", "!")));
        assistant = Assistants.create(Fixtures.agui(agent.endpoint(), Fixtures.resilience()));
    }

    @Override
    protected AssistantAdapter assistant() {
        return assistant;
    }

    @AfterEach
    void stop() {
        assistant.close();
        agent.close();
    }
}
