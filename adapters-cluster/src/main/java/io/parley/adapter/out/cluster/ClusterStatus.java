package io.parley.adapter.out.cluster;

/**
 * The cluster as a health check sees it, without asking Redis: whether the command connection is up, whether
 * this node's last heartbeat reached Redis, and how many nodes were alive then.
 */
public final class ClusterStatus {
    private final RedisLinks links;
    private final NodeLiveness liveness;

    public ClusterStatus(RedisLinks links, NodeLiveness liveness) {
        this.links = links;
        this.liveness = liveness;
    }

    /** What the health check reports now. */
    public Snapshot snapshot() {
        boolean connected = links.isOpen();
        return new Snapshot(links.settings().node(), connected, connected && liveness.announced(),
                connected ? liveness.lastLiveCount() : 0);
    }

    /** Whether Redis can be reached now. */
    public boolean connected() {
        return links.isOpen();
    }

    /** The nodes alive at this node's last heartbeat (0 while Redis cannot be reached). */
    public int liveNodes() {
        return snapshot().liveNodes();
    }

    /**
     * @param node      this node's id
     * @param connected whether the command connection to Redis is up
     * @param announced whether this node's last heartbeat reached Redis (the others see it alive)
     * @param liveNodes how many nodes were alive at that heartbeat, this one included (0 while disconnected)
     */
    public record Snapshot(String node, boolean connected, boolean announced, int liveNodes) {
    }
}
