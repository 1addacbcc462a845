package io.parley.application.run;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.parley.domain.conversation.Tool;
import io.parley.domain.conversation.ToolCall;
import io.parley.domain.protocol.AgUiEvent;

/**
 * The AG-UI interrupts of a reply: each call of a tool whose metadata says {@code "requiresApproval": true} is
 * stored as awaiting approval, and the run ends with {@code outcome: {type: "interrupt"}}, one interrupt per such
 * call (reason {@code tool_approval}), until a {@code resume} answers it.
 */
final class Interrupts {
    static final String REASON = "tool_approval";

    private Interrupts() {
    }

    /** {@code calls}, those of tools that require approval marked so. */
    static List<ToolCall> marked(List<ToolCall> calls, List<Tool> offered) {
        Set<String> approval = offered.stream().filter(Tool::requiresApproval).map(Tool::name)
                .collect(Collectors.toSet());
        return calls.stream().map(call -> approval.contains(call.name()) ? call.awaitingApproval() : call).toList();
    }

    /** The interrupts of {@code calls}, each resolvable until {@code expiresAt}. */
    static List<AgUiEvent.Interrupt> of(List<ToolCall> calls, Instant expiresAt) {
        return calls.stream().filter(ToolCall::awaitsApproval).map(call -> new AgUiEvent.Interrupt(
                call.interruptId(), REASON, "approve the call of " + call.name(), call.id(),
                expiresAt.toString())).toList();
    }
}
