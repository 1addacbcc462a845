package io.parley.adapter.out.assistant;

/**
 * Which assistant answers, and how: the offline {@link EchoSettings echo} responder or an
 * {@link OpenAiSettings OpenAI-compatible} endpoint. Bootstrap maps its configuration into one of these.
 */
public sealed interface AssistantSettings permits EchoSettings, OpenAiSettings {

    /** The provider's name as replies and logs carry it: {@code echo} or {@code openai}. */
    String provider();
}
