package io.parley.application.delivery;

import java.util.ArrayList;
import java.util.List;

import io.parley.application.port.out.Outbound;
import io.parley.application.port.out.OutboundFrame;
import io.parley.domain.connection.CloseCode;
import io.parley.domain.connection.CloseReason;
import io.parley.domain.conversation.ConversationId;
import io.parley.domain.conversation.Role;
import io.parley.domain.conversation.Tool;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.run.RunId;

/**
 * One connection's membership of one conversation's live events. While its join is still catching up it holds
 * the live events back; afterwards it lets through only messages the client does not know yet (offset above the
 * floor), so that recovery and live delivery meet without gap or duplicate.
 */
public final class Subscription {
    /** Live events a catching-up subscription holds before the connection counts as a slow consumer. */
    static final int MAX_HELD = 4096;

    private final LiveConnection connection;
    private final ConversationId conversation;
    private volatile Role role;
    private volatile List<Tool> tools = List.of();
    private List<Outbound.Text> held = new ArrayList<>();
    private long floor;
    private RunId runShown;
    private long runShownUpTo;

    Subscription(LiveConnection connection, ConversationId conversation, Role role) {
        this.connection = connection;
        this.conversation = conversation;
        this.role = role;
    }

    public LiveConnection connection() {
        return connection;
    }

    public ConversationId conversation() {
        return conversation;
    }

    /** The member's role now: a change reaches live subscriptions at once. */
    public Role role() {
        return role;
    }

    void changeRole(Role next) {
        role = next;
    }

    /** The front-end tools this connection offers the assistant in this conversation (from its join). */
    public List<Tool> tools() {
        return tools;
    }

    /** Sets the tools the join offered. */
    public void offerTools(List<Tool> offered) {
        tools = List.copyOf(offered);
    }

    /** Takes a live event, in the conversation's order; true when it was queued to the connection. */
    synchronized boolean offer(Outbound.Text frame) {
        if (known(frame.frame())) {
            return false;
        }
        if (held != null) {
            if (held.size() >= MAX_HELD) {
                connection.close(CloseReason.of(CloseCode.SLOW_CONSUMER, "too far behind while joining"));
                return false;
            }
            held.add(frame);
            return false;
        }
        return connection.deliver(frame);
    }

    /**
     * Ends the catch-up: the client knows every message up to {@code knownUpTo}; what was held back and is newer
     * goes out now, and so does everything after.
     */
    public synchronized void goLive(long knownUpTo) {
        goLive(knownUpTo, null, 0);
    }

    /**
     * Ends the catch-up of a join that was also shown the run in flight, {@code run}, up to its event
     * {@code runUpTo}: that run's earlier events are not sent again.
     */
    public synchronized void goLive(long knownUpTo, RunId run, long runUpTo) {
        floor = knownUpTo;
        runShown = run;
        runShownUpTo = runUpTo;
        List<Outbound.Text> release = held;
        held = null;
        for (Outbound.Text frame : release) {
            if (!known(frame.frame())) {
                connection.deliver(frame);
            }
        }
    }

    private boolean known(OutboundFrame frame) {
        // per delivery: two type tests, not a pattern switch (its bootstrap's type test showed in the fan-out's profile)
        ServerEvent event = frame.event();
        if (event instanceof ServerEvent.MessagePosted posted) {
            return posted.message().offset() <= floor;
        }
        return event instanceof ServerEvent.RunEvent run && run.runId().equals(runShown) && run.seq() <= runShownUpTo;
    }
}
