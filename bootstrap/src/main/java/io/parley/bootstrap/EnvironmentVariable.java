package io.parley.bootstrap;

import java.util.List;

/**
 * The environment variables that override settings of {@code application.yaml}: each names the setting key it
 * overrides. The README's configuration table lists exactly these (a test keeps the two in step).
 */
record EnvironmentVariable(String name, String key, String meaning) {

    static final List<EnvironmentVariable> ALL = List.of(
            new EnvironmentVariable("PARLEY_HOST", "server.host", "interface to listen on"),
            new EnvironmentVariable("PARLEY_PORT", "server.port", "HTTP and WebSocket port"),
            new EnvironmentVariable("PARLEY_NODE_ID", "parley.node-id", "this node's id (default: host name)"),
            new EnvironmentVariable("PARLEY_AUTH_MODE", "parley.auth.mode", "identity mode: dev"),
            new EnvironmentVariable("PARLEY_API_KEY", "parley.api-key", "server key for server-to-server calls"),
            new EnvironmentVariable("PARLEY_ALLOWED_ORIGINS", "parley.security.allowed-origins",
                    "browser origins allowed to connect, comma-separated; empty: same host only; * for any"),
            new EnvironmentVariable("PARLEY_TRUSTED_PROXIES", "parley.security.trusted-proxies",
                    "proxies whose X-Forwarded-For is believed: addresses or CIDR blocks, comma-separated"),
            new EnvironmentVariable("PARLEY_HEARTBEAT_INTERVAL", "parley.heartbeat.interval", "server ping interval"),
            new EnvironmentVariable("PARLEY_HEARTBEAT_TIMEOUT", "parley.heartbeat.timeout",
                    "extra silence allowed after an interval before closing with 4000"),
            new EnvironmentVariable("PARLEY_IDLE_TIMEOUT", "parley.idle-timeout",
                    "time without a request before closing with 4001"),
            new EnvironmentVariable("PARLEY_MAX_CONNECTIONS", "parley.connections.max-total",
                    "connections per node (over it: 503)"),
            new EnvironmentVariable("PARLEY_MAX_CONNECTIONS_PER_CLIENT", "parley.connections.max-per-client",
                    "connections per user, or per address for anonymous clients (over it: 429)"),
            new EnvironmentVariable("PARLEY_CONNECTS_PER_MINUTE", "parley.connections.connects-per-minute",
                    "new connections per minute per client (over it: 429)"),
            new EnvironmentVariable("PARLEY_RETRY_AFTER", "parley.connections.retry-after",
                    "Retry-After given with 429 and 503"),
            new EnvironmentVariable("PARLEY_MESSAGES_PER_SECOND", "parley.rate-limits.messages-per-second",
                    "messages per second per connection (burst: twice that)"),
            new EnvironmentVariable("PARLEY_HTTP_REQUESTS_PER_MINUTE", "parley.rate-limits.http-requests-per-minute",
                    "HTTP API requests per minute per client"),
            new EnvironmentVariable("PARLEY_MAX_MESSAGE_BYTES", "parley.sizes.max-message-bytes",
                    "largest text message (over it: close 1009)"),
            new EnvironmentVariable("PARLEY_MAX_UPLOAD_BYTES", "parley.sizes.max-upload-bytes", "largest upload"),
            new EnvironmentVariable("PARLEY_OUTBOUND_QUEUE_BYTES", "parley.sizes.outbound-queue-bytes",
                    "outbound queue per connection (over it: close 4009)"),
            new EnvironmentVariable("PARLEY_WRITE_TIMEOUT", "parley.timeouts.write",
                    "a write making no progress this long ends the connection"),
            new EnvironmentVariable("PARLEY_CLOSE_TIMEOUT", "parley.timeouts.close",
                    "how long a closing connection may take before its socket is cut"),
            new EnvironmentVariable("PARLEY_DRAIN_TIMEOUT", "parley.timeouts.drain",
                    "on shutdown, how long queued frames may take to drain before connections are cut"));
}
