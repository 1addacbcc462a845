package io.parley.adapter.out.cluster;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.ScriptOutputType;

import io.parley.application.port.out.PresencePort.Departure;
import io.parley.domain.LogLine;
import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ConversationId;

/**
 * Cleans what dead nodes left: their presence entries (the users whose last connection went with them depart),
 * their client counts, their membership of the node set. Each batch is one Lua script, atomic in Redis and
 * guarded by the node's key being gone, so when several live nodes clean the same dead node at once every entry
 * is removed by exactly one of them, which alone reports the departures it caused; the one that removes the last
 * entry logs {@code node_dead_cleaned}.
 */
final class NodeReaper {
    /** Entries removed by one script, so that a dead node with many does not hold Redis up for long. */
    static final int BATCH = 500;
    /** Batches run by one {@link #reapDead(List)}: what is left waits for the next tick. */
    static final int MAX_BATCHES = 20;
    private static final System.Logger LOG = System.getLogger(NodeReaper.class.getName());
    private static final LuaScript SCRIPT = LuaScript.load("presence");

    private final RedisLinks links;
    private final NodeLiveness liveness;

    NodeReaper(RedisLinks links, NodeLiveness liveness) {
        this.links = links;
        this.liveness = liveness;
    }

    /**
     * Cleans the dead nodes (up to {@link #MAX_BATCHES} batches), adding the departures this node caused to
     * {@code departures} as they come (a batch that failed leaves those of the earlier ones there).
     */
    void reapDead(List<Departure> departures) {
        int batches = 0;
        for (String node : liveness.deadNodes()) {
            int before = departures.size();
            String state = "more";
            while (state.equals("more") && batches++ < MAX_BATCHES) {
                state = reap(node, false, departures);
            }
            if (state.equals("done")) {
                int reported = departures.size() - before;
                LOG.log(Level.INFO, () -> LogLine.event("node_dead_cleaned").with("node", node)
                        .with("by", links.settings().node()).with("departures", reported).toString());
            }
        }
    }

    /**
     * Cleans the presence entries an earlier run of this node left (it stopped without leaving, and came back
     * before, or without, another node cleaning them); their departures. For the start, before any entry of
     * this run.
     */
    List<Departure> reapOwnLeftovers() {
        List<Departure> departures = new ArrayList<>();
        while (reap(links.settings().node(), true, departures).equals("more")) {
            // one batch after another
        }
        if (!departures.isEmpty()) {
            LOG.log(Level.INFO, () -> LogLine.event("node_leftovers_cleaned").with("node", links.settings().node())
                    .with("departures", departures.size()).toString());
        }
        return departures;
    }

    private String reap(String node, boolean own, List<Departure> departures) {
        List<String> answer = SCRIPT.run(links.commands(), ScriptOutputType.MULTI, "reap",
                links.settings().prefix(), node, Integer.toString(BATCH), own ? "1" : "0");
        for (int i = 1; i + 1 < answer.size(); i += 2) {
            departures.add(new Departure(new ConversationId(answer.get(i)), new UserId(answer.get(i + 1))));
        }
        return answer.getFirst();
    }
}
