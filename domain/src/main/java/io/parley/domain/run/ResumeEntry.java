package io.parley.domain.run;

/**
 * An answer to one AG-UI interrupt, brought by the run that goes on from it ({@code RunAgentInput.resume}, or
 * {@code resume} on a WebSocket {@code send}).
 *
 * @param resolved whether the person resolved it ({@code resolved}: approved) rather than cancelled it
 * @param payload  what came with the answer (JSON text), empty when nothing did
 */
public record ResumeEntry(String interruptId, boolean resolved, String payload) {
    public ResumeEntry {
        if (interruptId == null || interruptId.isEmpty() || interruptId.length() > 300) {
            throw new IllegalArgumentException("a resume entry needs the id of its interrupt");
        }
        payload = payload == null ? "" : payload;
    }
}
