package io.parley.adapter.out.assistant;

import io.parley.application.port.out.AssistantReply;

/**
 * What one upstream protocol makes of its stream, for an {@link Attempt}: the events only it knows (Chat
 * Completions chunks, AG-UI events, how its stream ends) are relayed to the caller or end the attempt. The
 * attempt itself handles what every HTTP upstream shares: no answer in time, a refused request, a broken
 * connection and a cancel. One instance serves one run, on the run's thread.
 */
interface StreamProtocol {

    /**
     * Takes one event of the stream: null to read on, or the reply the event completes the attempt with; a failure
     * is thrown as an {@link AttemptFailure}.
     */
    AssistantReply take(StreamEvent event);

    /** Whether the upstream has produced anything for the caller yet (then the stall timeout applies). */
    boolean started();
}
