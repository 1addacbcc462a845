package io.parley.adapter.out.assistant;

/**
 * Which assistant answers, and how: the offline {@link EchoSettings echo} responder, an
 * {@link OpenAiSettings OpenAI-compatible} endpoint, or an {@link AguiSettings AG-UI agent}. Bootstrap maps its
 * configuration into one of these.
 */
public sealed interface AssistantSettings permits EchoSettings, OpenAiSettings, AguiSettings {

    /** The provider's name as replies and logs carry it: {@code echo}, {@code openai} or {@code agui}. */
    String provider();
}
