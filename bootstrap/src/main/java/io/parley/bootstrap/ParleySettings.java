package io.parley.bootstrap;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import io.parley.domain.conversation.CreationPolicy;

/**
 * Every setting of the service, read from {@code application.yaml} and environment overrides by
 * {@link SettingsLoader}; the wiring turns them into each component's own settings.
 */
public record ParleySettings(Server server, Security security, Heartbeat heartbeat, Connections connections,
                             RateLimits rateLimits, Sizes sizes, Timeouts timeouts, Requests requests,
                             Delivery delivery, Store store, Retention retention, Assistant assistant,
                             Cluster cluster, Attachments attachments) {

    /**
     * Uploaded files.
     *
     * @param store      {@code database} (the store's own) or {@code files} (under {@code directory})
     * @param uploadTtl  how long a partial upload is kept to be resumed
     * @param linkTtl    how long a signed link to an attachment works
     * @param linkSecret the links' signing key, when configured
     */
    public record Attachments(String store, Path directory, Duration uploadTtl, Duration linkTtl,
                              Optional<String> linkSecret) {
        public boolean inFiles() {
            return "files".equals(store);
        }

        @Override
        public String toString() {
            return "Attachments[store=" + store + ", directory=" + directory + ", uploadTtl=" + uploadTtl
                    + ", linkTtl=" + linkTtl + ", linkSecret=" + (linkSecret.isPresent() ? "***" : "none") + "]";
        }
    }

    /** Where to listen and who this node is. */
    public record Server(String host, int port, String nodeId) {
    }

    /**
     * Identity and access.
     *
     * @param authMode    {@code dev} (users are who they say) or {@code jwt} (signed tokens)
     * @param jwt         how tokens are verified ({@code jwt} mode)
     * @param authTimeout how long a connection that opened without a token may take to send {@code auth}
     * @param creation    who may create a conversation by joining it
     */
    public record Security(String authMode, Optional<String> apiKey, List<String> allowedOrigins,
                           List<String> trustedProxies, Jwt jwt, Duration authTimeout, CreationPolicy creation) {
        public boolean devMode() {
            return "dev".equals(authMode);
        }

        @Override
        public String toString() {
            return "Security[authMode=" + authMode + ", apiKey=" + (apiKey.isPresent() ? "***" : "none")
                    + ", allowedOrigins=" + allowedOrigins + ", trustedProxies=" + trustedProxies + ", jwt=" + jwt
                    + ", authTimeout=" + authTimeout + ", creation=" + creation + "]";
        }
    }

    /**
     * How {@code jwt} mode verifies tokens: HS256 with {@code secret}, RS256/ES256 with a PEM {@code publicKey}
     * file or the keys of a JWKS document at {@code jwksUrl}; {@code iss} and {@code aud} must match when set;
     * {@code leeway} is the clock skew allowed on {@code exp} and {@code nbf}.
     */
    public record Jwt(Optional<String> secret, Optional<Path> publicKey, Optional<URI> jwksUrl, Optional<String> issuer,
                      Optional<String> audience, Duration leeway) {
        /** Whether any key to verify with is configured. */
        public boolean hasKey() {
            return secret.isPresent() || publicKey.isPresent() || jwksUrl.isPresent();
        }

        @Override
        public String toString() {
            return "Jwt[secret=" + (secret.isPresent() ? "***" : "none") + ", publicKey=" + publicKey.orElse(null)
                    + ", jwksUrl=" + jwksUrl.orElse(null) + ", issuer=" + issuer.orElse(null) + ", audience="
                    + audience.orElse(null) + ", leeway=" + leeway + "]";
        }
    }

    /** Liveness policy. */
    public record Heartbeat(Duration interval, Duration timeout, Duration idleTimeout) {
    }

    /**
     * Connection limits.
     *
     * @param maxPerAddress connections one address may hold, whatever users it claims
     * @param maxSockets open sockets at once (WebSocket, HTTP, and those still sending their request's head)
     */
    public record Connections(int maxTotal, int maxPerClient, int maxPerAddress, int connectsPerMinute,
                              Duration retryAfter, int maxJoinsPerConnection, int maxSockets) {
    }

    /** Rate limits. */
    public record RateLimits(int messagesPerSecond, int httpRequestsPerMinute, int newConversationsPerMinute) {
    }

    /**
     * What one request may carry.
     *
     * @param aguiMaxNewMessages messages one AG-UI input may add to a conversation
     * @param maxEvents          events one relay request ({@code /events}) may push
     * @param maxEventsBytes     bytes of events one relay request may push, in all
     */
    public record Requests(int aguiMaxNewMessages, int maxEvents, long maxEventsBytes) {
    }

    /**
     * Size bounds.
     *
     * @param maxRequestBodyBytes the largest HTTP request body (an AG-UI input carries the client's history)
     * @param maxStateBytes       the largest shared state a conversation may hold (JSON, UTF-8 bytes)
     */
    public record Sizes(int maxMessageBytes, long maxUploadBytes, long outboundQueueBytes, long maxRequestBodyBytes,
                        long maxStateBytes) {
    }

    /**
     * How events reach connections.
     *
     * @param gapPatience     how long a message may wait behind a missing predecessor before it is read from the store
     * @param mergeAfterBytes queued bytes past which a connection's streamed text pieces are joined
     * @param writeBatchBytes how many bytes of frames one socket write may carry
     */
    public record Delivery(Duration gapPatience, long mergeAfterBytes, int writeBatchBytes) {
    }

    /**
     * Timeouts of writing, closing, draining, of reading a request's head, and how long an AG-UI interrupt (a tool
     * call awaiting approval) may be resolved.
     */
    public record Timeouts(Duration write, Duration close, Duration drain, Duration header, Duration interrupt) {
    }

    /**
     * Several nodes: Redis (empty: one node on its own), the prefix of this cluster's keys and channels, how soon
     * a node that went away counts as gone (its presence, its connection counts), how long a run's lease lasts
     * unrenewed, and how long one Redis command may take.
     */
    public record Cluster(Optional<URI> redisUrl, String prefix, Duration presenceTimeout, Duration runLease,
                          Duration redisTimeout) {
        public boolean enabled() {
            return redisUrl.isPresent();
        }

        @Override
        public String toString() {
            return "Cluster[redis=" + redisUrl.map(u -> u.getScheme() + "://" + u.getHost() + ":" + u.getPort())
                    .orElse("none") + ", prefix=" + prefix + ", presenceTimeout=" + presenceTimeout + ", runLease="
                    + runLease + ", redisTimeout=" + redisTimeout + "]";
        }
    }

    /** Where conversations are kept, and how store failures are absorbed. */
    public record Store(String kind, String url, String user, String password, int poolSize,
                        Duration connectionTimeout, int maxBatch, int retries, Duration retryDelay,
                        Duration retryBudget, int breakerFailures, Duration breakerOpenFor) {
        public boolean inMemory() {
            return "memory".equals(kind);
        }

        @Override
        public String toString() {
            return "Store[kind=" + kind + ", url=" + url.replaceAll("[;?].*", "") + ", user=" + user + "]";
        }
    }

    /** How long messages are kept (both empty: forever), and how often expired ones are purged. */
    public record Retention(Optional<Duration> maxAge, OptionalInt maxMessages, Duration interval) {
    }

    /**
     * The assistant: which provider ({@code echo}, {@code openai} or {@code agui}), how to reach it, and how to
     * protect the gateway from it (the settings {@code parley.llm.*}, variables {@code PARLEY_LLM_*}: public names
     * kept from when the assistant was an LLM). For {@code agui}, {@code baseUrl} is the agent's endpoint URL and
     * {@code model} may be empty; for {@code echo} both are unused.
     */
    public record Assistant(String provider, String baseUrl, String apiKey, String model, String systemPrompt, int maxTokens,
                      Optional<Double> temperature, int contextMessages, Duration echoDelay, Duration connectTimeout,
                      Duration firstTokenTimeout, Duration stallTimeout, int retries, Duration retryDelay,
                      Duration retryBudget, int breakerFailures, Duration breakerOpenFor, int maxConcurrentRuns,
                      int maxQueuedRuns) {
        @Override
        public String toString() {
            return "Assistant[provider=" + provider + ", baseUrl=" + baseUrl + ", model=" + model + ", apiKey="
                    + (apiKey.isEmpty() ? "none" : "***") + "]";
        }
    }
}
