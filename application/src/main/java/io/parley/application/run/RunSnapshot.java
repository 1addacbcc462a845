package io.parley.application.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.MessageId;
import io.parley.domain.protocol.AgUiEvent;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.run.RunId;

/**
 * Where a run in flight stands, for a member who joins while it runs.
 *
 * @param seq         the run's latest event: the point the joiner's live events continue from
 * @param activeSteps the steps begun and not finished, by name, with the seq of their start, in order
 */
public record RunSnapshot(ConversationId conversation, RunId runId, MessageId messageId, long seq,
                          Map<String, Long> activeSteps, Optional<Long> messageStartSeq, String text) {
    public RunSnapshot {
        activeSteps = Collections.unmodifiableMap(new LinkedHashMap<>(activeSteps));
    }

    /**
     * The run as a late joiner is shown it: {@code RUN_STARTED} (seq 1), a {@code STEP_STARTED} for each step
     * still active (their seqs), {@code TEXT_MESSAGE_START} (its seq) when the text has begun, and the text so far
     * as one {@code TEXT_MESSAGE_CONTENT} carrying the latest seq.
     */
    public List<ServerEvent> opening() {
        List<ServerEvent> events = new ArrayList<>();
        events.add(event(1, new AgUiEvent.RunStarted(conversation.value(), runId.value())));
        activeSteps.forEach((step, stepSeq) -> events.add(event(stepSeq, new AgUiEvent.StepStarted(step))));
        messageStartSeq.ifPresent(start -> {
            events.add(event(start, new AgUiEvent.TextMessageStart(messageId.value())));
            if (!text.isEmpty()) {
                events.add(event(seq, new AgUiEvent.TextMessageContent(messageId.value(), text)));
            }
        });
        return events;
    }

    private ServerEvent event(long at, AgUiEvent event) {
        return new ServerEvent.RunEvent(conversation, runId, at, event);
    }
}
