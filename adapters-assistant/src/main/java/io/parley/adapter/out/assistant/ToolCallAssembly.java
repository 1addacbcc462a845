package io.parley.adapter.out.assistant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.parley.domain.conversation.ToolCall;

/**
 * Puts one run's streamed tool-call fragments together, call by call, and says what each fragment means for the
 * caller's stream. A call begins with the first fragment of its index that names the tool (fragments before the
 * name wait for it); a call that came without an id gets {@code call_<run>_<n>}, {@code n} its position in the
 * reply. A named fragment with another id at an index already in use begins a new call (servers that send every
 * call whole at index 0). Written by the run's own thread only.
 */
final class ToolCallAssembly {
    private final String idPrefix;
    private final Map<Integer, Call> open = new HashMap<>();
    private final List<Call> begun = new ArrayList<>();

    /** What a fragment asks of the caller's stream. */
    sealed interface Step {
        /** The call {@code id} of the tool {@code name} begins. */
        record Started(String id, String name) implements Step {
        }

        /** A fragment of the arguments of the call {@code id}, as the model sent it. */
        record Arguments(String id, String fragment) implements Step {
        }
    }

    ToolCallAssembly(String runId) {
        this.idPrefix = "call_" + runId + "_";
    }

    /** Takes one fragment; the steps it makes, in order (none while a call waits for its name). */
    List<Step> take(StreamEvent.ToolCallDelta delta) {
        Call call = open.compute(delta.index(), (index, known) -> known == null || known.isOtherThan(delta)
                ? new Call() : known);
        List<Step> steps = new ArrayList<>(2);
        if (call.name == null && call.named(delta, idPrefix + begun.size())) {
            begun.add(call);
            steps.add(new Step.Started(call.id, call.name));
            call.held.forEach(held -> steps.add(call.append(held)));
            call.held.clear();
        }
        if (!delta.arguments().isEmpty()) {
            if (call.name == null) {
                call.held.add(delta.arguments());
            } else {
                steps.add(call.append(delta.arguments()));
            }
        }
        return steps;
    }

    /** The calls begun so far, in the order they began, with their arguments so far. */
    List<ToolCall> calls() {
        return begun.stream().map(call -> new ToolCall(call.id, call.name, call.arguments.toString())).toList();
    }

    /** How many calls have begun. */
    int count() {
        return begun.size();
    }

    /** One call being put together. */
    private static final class Call {
        private final StringBuilder arguments = new StringBuilder();
        private final List<String> held = new ArrayList<>(0);
        private String sentId;
        private String id;
        private String name;

        /** Takes the id and the name of a fragment of the call not yet begun; whether it has now begun. */
        boolean named(StreamEvent.ToolCallDelta delta, String madeUpId) {
            sentId = sentId != null ? sentId : delta.id();
            if (delta.name() == null) {
                return false;
            }
            name = delta.name();
            id = sentId != null ? sentId : madeUpId;
            return true;
        }

        boolean isOtherThan(StreamEvent.ToolCallDelta delta) {
            return name != null && delta.name() != null && delta.id() != null && !delta.id().equals(sentId);
        }

        Step append(String fragment) {
            arguments.append(fragment);
            return new Step.Arguments(id, fragment);
        }
    }
}
