package io.parley.adapter.out.cluster;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;

import io.parley.domain.LogLine;

/**
 * This node's announcement to the cluster, and who else is alive. {@link #heartbeat()} (every maintenance tick)
 * sets the key {@code {prefix}:node:{node}} to this run's token with the presence timeout as its time to live and
 * keeps the node in the set {@code {prefix}:nodes}; a member of the set whose key expired is dead, and what it left
 * is cleaned by {@link RedisPresence#refresh()} of one live node. When the heartbeat finds its key gone (Redis restarted empty, or this node
 * missed its heartbeats for the presence timeout and may have been cleaned away), it counts one more
 * {@link #reannouncements() reannouncement}, by which the adapters know to write this node's state again.
 */
public final class NodeLiveness {
    private static final System.Logger LOG = System.getLogger(NodeLiveness.class.getName());
    private static final LuaScript SCRIPT = LuaScript.load("liveness");

    private final RedisLinks links;
    private final ClusterSettings settings;
    private final String token = UUID.randomUUID().toString();
    private final AtomicLong reannouncements = new AtomicLong();
    private final List<Runnable> afterBeat = new CopyOnWriteArrayList<>();
    private final Outage outage;
    private volatile int liveCount;
    private volatile boolean announced;
    private volatile boolean clashLogged;
    private volatile boolean joined;

    public NodeLiveness(RedisLinks links) {
        this.links = links;
        this.settings = links.settings();
        this.outage = new Outage(LOG, settings, "node_heartbeat_failing", "node_heartbeat_ok");
    }

    /**
     * Announces this node for another presence timeout, then runs what the adapters keep fresh on each beat
     * (their state written again after an outage); true when the announcement reached Redis.
     */
    public boolean heartbeat() {
        boolean beat = beat();
        for (Runnable task : afterBeat) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, () -> LogLine.event("cluster_beat_task_failed").with("node", settings.node())
                        .with("reason", settings.scrub(String.valueOf(e.getMessage()))).toString());
            }
        }
        return beat;
    }

    /** The nodes alive now (this one among them while its heartbeats reach Redis). */
    public List<String> liveNodes() {
        return nodes().getFirst();
    }

    /** The nodes that announced themselves, stopped, and were not cleaned yet; never this node. */
    public List<String> deadNodes() {
        return nodes().getLast().stream().filter(node -> !node.equals(settings.node())).toList();
    }

    /** How many nodes were alive at the last heartbeat that reached Redis (0 before the first). */
    public int lastLiveCount() {
        return liveCount;
    }

    /** Whether the last heartbeat reached Redis. */
    public boolean announced() {
        return announced;
    }

    /**
     * How many times a heartbeat found this node's key gone (or held by another process) after the node had
     * joined: each time, Redis may have lost what the node keeps there.
     */
    public long reannouncements() {
        return reannouncements.get();
    }

    /** Runs {@code task} after each heartbeat, on the caller's thread ({@link RedisClientCounts}' rewrite). */
    void afterEachBeat(Runnable task) {
        afterBeat.add(task);
    }

    private boolean beat() {
        if (!links.isOpen()) {
            announced = false;
            outage.failed(null);
            return false;
        }
        try {
            List<Long> answer = SCRIPT.run(links.commands(), ScriptOutputType.MULTI, "beat", settings.prefix(),
                    settings.node(), token, Long.toString(settings.presenceTimeout().toMillis()));
            liveCount = answer.get(1).intValue();
            registered(answer.getFirst().intValue());
            announced = true;
            outage.succeeded();
            return true;
        } catch (RedisException e) {
            announced = false;
            outage.failed(e);
            return false;
        }
    }

    private void registered(int state) {
        if (!joined) {
            joined = true;
            LOG.log(Level.INFO, () -> LogLine.event("node_joined").with("node", settings.node())
                    .with("live_nodes", liveCount).with("earlier_run", state == 2 ? "true" : null).toString());
            return;
        }
        if (state != 0) {
            reannouncements.incrementAndGet();
        }
        if (state == 1) {
            LOG.log(Level.WARNING, () -> LogLine.event("node_registered_again").with("node", settings.node())
                    .with("reason", "its key was gone: Redis restarted, or this node missed its heartbeats")
                    .toString());
        } else if (state == 2 && !clashLogged) {
            clashLogged = true;
            LOG.log(Level.WARNING, () -> LogLine.event("node_id_clash").with("node", settings.node())
                    .with("reason", "another process announces the same node id").toString());
        }
    }

    private List<List<String>> nodes() {
        return SCRIPT.run(links.commands(), ScriptOutputType.MULTI, "nodes", settings.prefix());
    }
}
