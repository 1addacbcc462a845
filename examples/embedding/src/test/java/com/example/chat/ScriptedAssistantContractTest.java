package com.example.chat;

import java.time.Duration;

import io.parley.application.port.out.AssistantPort;
import io.parley.application.port.out.AssistantPortContract;

/**
 * The application's assistant keeps Parley's assistant contract (from the {@code parley-application} test jar),
 * with a pause between words so that a cancellation arrives while it streams.
 */
class ScriptedAssistantContractTest extends AssistantPortContract {

    @Override
    protected AssistantPort assistant() {
        return new ScriptedAssistant(Duration.ofMillis(1));
    }
}
