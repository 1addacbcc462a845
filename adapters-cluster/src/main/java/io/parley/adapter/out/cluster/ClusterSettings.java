package io.parley.adapter.out.cluster;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * How a node joins the cluster.
 *
 * @param redisUrl        the Redis server ({@code redis://host:port[/db]}, {@code rediss://} for TLS); the
 *                        password, if any, in its user info, never logged
 * @param prefix          what every key and channel of this cluster starts with, so that clusters (and tests) can
 *                        share one Redis
 * @param node            this node's id, unique in the cluster
 * @param presenceTimeout how soon a node that stopped refreshing counts as gone: its presence and counts end
 * @param commandTimeout  how long one Redis command may take before the cluster counts as degraded for it
 */
public record ClusterSettings(URI redisUrl, String prefix, String node, Duration presenceTimeout,
                              Duration commandTimeout) {
    public ClusterSettings {
        if (redisUrl == null || !(redisUrl.getScheme() != null
                && (redisUrl.getScheme().equals("redis") || redisUrl.getScheme().equals("rediss")))) {
            throw new IllegalArgumentException("PARLEY_REDIS_URL must be redis://host:port or rediss://host:port");
        }
        if (prefix == null || !prefix.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw new IllegalArgumentException("the cluster prefix must be 1-64 characters of [A-Za-z0-9._:-]");
        }
        if (node == null || node.isBlank() || node.contains(" ")) {
            throw new IllegalArgumentException("a node needs an id without spaces");
        }
        if (presenceTimeout == null || presenceTimeout.toMillis() < 100 || commandTimeout == null
                || commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("the presence timeout must be at least 100 ms, the command timeout "
                    + "positive");
        }
    }

    /** A Redis key or channel name of this cluster: the prefix, then {@code parts} joined with colons. */
    public String key(String... parts) {
        return prefix + ":" + String.join(":", parts);
    }

    /** The URL as it may be logged: no password. */
    public String safeUrl() {
        return redisUrl.getScheme() + "://" + redisUrl.getHost() + (redisUrl.getPort() < 0 ? "" : ":"
                + redisUrl.getPort()) + (redisUrl.getPath() == null ? "" : redisUrl.getPath());
    }

    /** {@code text} (an error's message, say) with the URL's password, if any, masked; null stays null. */
    public String scrub(String text) {
        String userInfo = redisUrl.getRawUserInfo();
        if (text == null || userInfo == null || userInfo.isEmpty()) {
            return text;
        }
        String password = userInfo.substring(userInfo.indexOf(':') + 1);
        String decoded = URLDecoder.decode(password, StandardCharsets.UTF_8);
        String masked = password.isEmpty() ? text : text.replace(password, "***");
        return decoded.isEmpty() ? masked : masked.replace(decoded, "***");
    }

    @Override
    public String toString() {
        return "ClusterSettings[redis=" + safeUrl() + ", prefix=" + prefix + ", node=" + node + ", presenceTimeout="
                + presenceTimeout + ", commandTimeout=" + commandTimeout + "]";
    }
}
