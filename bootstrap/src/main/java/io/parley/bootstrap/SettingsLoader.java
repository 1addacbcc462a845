package io.parley.bootstrap;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import io.parley.domain.conversation.CreationPolicy;

/**
 * Reads {@link ParleySettings}: the defaults in {@code application.yaml} on the class path, then an optional file
 * named by {@code PARLEY_CONFIG}, then the environment variables of {@link EnvironmentVariable}. Nothing else
 * reads configuration: components get their settings passed in. Every setting is read and checked here, in
 * one place, which is why it is longer than most classes.
 */
public final class SettingsLoader {
    private static final System.Logger LOG = System.getLogger(SettingsLoader.class.getName());
    /** The {@code openai} provider's endpoint and model when none is set. */
    private static final String OPENAI_BASE_URL = "https://api.openai.com/v1";
    private static final String OPENAI_MODEL = "gpt-4o-mini";

    private SettingsLoader() {
    }

    /** Settings from the class path defaults overridden by {@code environment}. */
    public static ParleySettings load(Map<String, String> environment) {
        Map<String, String> overrides = new HashMap<>();
        for (EnvironmentVariable variable : EnvironmentVariable.ALL) {
            String value = environment.get(variable.name());
            if (value != null) {
                overrides.put(variable.key(), value);
            }
        }
        Config.Builder builder = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(overrides).name("environment"));
        Optional.ofNullable(environment.get("PARLEY_CONFIG")).map(Path::of).ifPresent(file -> {
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("PARLEY_CONFIG names no readable file: " + file);
            }
            builder.addSource(ConfigSources.file(file));
        });
        Config config = builder.addSource(ConfigSources.classpath("application.yaml")).build();
        return read(config, environment);
    }

    private static ParleySettings read(Config c, Map<String, String> environment) {
        String authMode = text(c, "parley.auth.mode").trim();
        if (!authMode.equals("dev") && !authMode.equals("jwt")) {
            throw new IllegalArgumentException("parley.auth.mode: '" + authMode + "' is not dev or jwt");
        }
        String node = text(c, "parley.node-id");
        if (node.isBlank()) {
            node = Optional.ofNullable(environment.get("HOSTNAME")).filter(h -> !h.isBlank())
                    .orElse("node-" + UUID.randomUUID().toString().substring(0, 6));
        }
        String host = text(c, "server.host").trim();
        if (host.isEmpty()) {
            // dev mode trusts whatever user a client names: it listens on loopback unless told otherwise
            host = authMode.equals("dev") ? "127.0.0.1" : "0.0.0.0";
        }
        ParleySettings settings = new ParleySettings(
                new ParleySettings.Server(host, port(c), node),
                security(c, authMode),
                new ParleySettings.Heartbeat(duration(c, "parley.heartbeat.interval"),
                        duration(c, "parley.heartbeat.timeout"), duration(c, "parley.idle-timeout")),
                connections(c),
                new ParleySettings.RateLimits(positive(c, "parley.rate-limits.messages-per-second"),
                        positive(c, "parley.rate-limits.http-requests-per-minute"),
                        positive(c, "parley.rate-limits.new-conversations-per-minute")),
                sizes(c),
                new ParleySettings.Timeouts(duration(c, "parley.timeouts.write"), duration(c, "parley.timeouts.close"),
                        duration(c, "parley.timeouts.drain"), duration(c, "parley.timeouts.header"),
                        duration(c, "parley.timeouts.interrupt")),
                new ParleySettings.Requests(positive(c, "parley.requests.agui-max-new-messages"),
                        positive(c, "parley.requests.max-events"), size(c, "parley.requests.max-events-bytes")),
                delivery(c), store(c), retention(c), assistant(c), cluster(c), attachments(c), webhooks(c));
        if (settings.webhooks().enabled() && settings.store().inMemory()) {
            throw new IllegalArgumentException("parley.webhooks.url (PARLEY_WEBHOOK_URL) needs the jdbc store: "
                    + "deliveries are driven from it, and PARLEY_STORE is memory");
        }
        LOG.log(Level.DEBUG, () -> "settings: " + settings);
        return settings;
    }

    private static ParleySettings.Security security(Config c, String authMode) {
        String create = text(c, "parley.conversations.create").trim();
        CreationPolicy creation = CreationPolicy.fromWireName(create).orElseThrow(() -> new IllegalArgumentException(
                "parley.conversations.create: '" + create + "' is not anyone, granted or server"));
        ParleySettings.Jwt jwt = new ParleySettings.Jwt(optional(c, "parley.auth.jwt.secret"),
                optional(c, "parley.auth.jwt.public-key").map(Path::of),
                optional(c, "parley.auth.jwt.jwks-url").map(url -> Values.uri("parley.auth.jwt.jwks-url", url)),
                optional(c, "parley.auth.jwt.issuer"), optional(c, "parley.auth.jwt.audience"),
                Values.duration("parley.auth.jwt.leeway", text(c, "parley.auth.jwt.leeway")));
        if (authMode.equals("jwt") && !jwt.hasKey()) {
            throw new IllegalArgumentException("parley.auth.mode jwt needs a key: PARLEY_JWT_SECRET (HS256), "
                    + "PARLEY_JWT_PUBLIC_KEY (a PEM file, RS256/ES256) or PARLEY_JWT_JWKS_URL");
        }
        return new ParleySettings.Security(authMode, optional(c, "parley.api-key"),
                list(c, "parley.security.allowed-origins"), list(c, "parley.security.trusted-proxies"), jwt,
                duration(c, "parley.auth.timeout"), creation);
    }

    private static ParleySettings.Cluster cluster(Config c) {
        Optional<URI> redis = optional(c, "parley.cluster.redis-url").map(url -> {
            URI uri = URI.create(url);
            if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("parley.cluster.redis-url: '" + uri.getScheme()
                        + "://…' is not redis://host:port or rediss://host:port");
            }
            return uri;
        });
        String prefix = text(c, "parley.cluster.prefix").trim();
        if (!prefix.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw new IllegalArgumentException("parley.cluster.prefix: '" + prefix
                    + "' is not 1-64 characters of [A-Za-z0-9._:-]");
        }
        return new ParleySettings.Cluster(redis, prefix, duration(c, "parley.cluster.presence-timeout"),
                duration(c, "parley.cluster.run-lease"), duration(c, "parley.cluster.redis-timeout"));
    }

    private static Optional<String> optional(Config c, String key) {
        return c.get(key).asString().map(String::trim).filter(v -> !v.isEmpty());
    }

    private static ParleySettings.Connections connections(Config c) {
        int maxTotal = positive(c, "parley.connections.max-total");
        String sockets = text(c, "parley.connections.max-sockets").trim();
        int maxSockets = sockets.isEmpty() ? (int) Math.min(Integer.MAX_VALUE, 2L * maxTotal)
                : positive(c, "parley.connections.max-sockets");
        if (maxSockets <= maxTotal) {
            throw new IllegalArgumentException("parley.connections.max-sockets (" + maxSockets + ") must be above "
                    + "parley.connections.max-total (" + maxTotal + "): HTTP requests need sockets too");
        }
        return new ParleySettings.Connections(maxTotal, positive(c, "parley.connections.max-per-client"),
                positive(c, "parley.connections.max-per-address"), positive(c, "parley.connections.connects-per-minute"), duration(c, "parley.connections.retry-after"),
                positive(c, "parley.connections.max-joins-per-connection"), maxSockets);
    }

    private static ParleySettings.Sizes sizes(Config c) {
        long maxMessage = size(c, "parley.sizes.max-message-bytes");
        long queue = size(c, "parley.sizes.outbound-queue-bytes");
        if (queue < 2 * maxMessage) {
            throw new IllegalArgumentException("parley.sizes.outbound-queue-bytes (" + queue + ") must be at least "
                    + "twice parley.sizes.max-message-bytes (" + maxMessage + "), so that any message fits a queue");
        }
        return new ParleySettings.Sizes((int) Math.min(Integer.MAX_VALUE / 4, maxMessage),
                size(c, "parley.sizes.max-upload-bytes"), queue, size(c, "parley.sizes.max-request-body-bytes"),
                size(c, "parley.sizes.max-state-bytes"));
    }

    private static ParleySettings.Delivery delivery(Config c) {
        long batch = size(c, "parley.delivery.write-batch-bytes");
        if (batch > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("parley.delivery.write-batch-bytes (" + batch + ") is too large");
        }
        return new ParleySettings.Delivery(duration(c, "parley.delivery.gap-patience"),
                size(c, "parley.delivery.merge-after-bytes"), (int) batch);
    }

    private static ParleySettings.Store store(Config c) {
        String kind = text(c, "parley.store.kind").trim();
        if (!kind.equals("jdbc") && !kind.equals("memory")) {
            throw new IllegalArgumentException("parley.store.kind: '" + kind + "' is not jdbc or memory");
        }
        return new ParleySettings.Store(kind, text(c, "parley.store.url").trim(), text(c, "parley.store.user"),
                text(c, "parley.store.password"), positive(c, "parley.store.pool-size"),
                duration(c, "parley.store.connection-timeout"), positive(c, "parley.store.max-batch"),
                whole(c, "parley.store.retries"), duration(c, "parley.store.retry-delay"),
                duration(c, "parley.store.retry-budget"), positive(c, "parley.store.breaker-failures"),
                duration(c, "parley.store.breaker-open-for"));
    }

    private static ParleySettings.Webhooks webhooks(Config c) {
        Optional<URI> url = optional(c, "parley.webhooks.url").map(u -> Values.uri("parley.webhooks.url", u));
        Optional<String> secret = optional(c, "parley.webhooks.secret");
        if (url.isPresent() && secret.isEmpty()) {
            throw new IllegalArgumentException("parley.webhooks.url needs parley.webhooks.secret "
                    + "(PARLEY_WEBHOOK_SECRET), the key deliveries are signed with");
        }
        Duration min = duration(c, "parley.webhooks.retry-min");
        Duration max = duration(c, "parley.webhooks.retry-max");
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("parley.webhooks.retry-max must not be below retry-min");
        }
        return new ParleySettings.Webhooks(url, secret, duration(c, "parley.webhooks.timeout"), min, max,
                positive(c, "parley.webhooks.max-attempts"), duration(c, "parley.webhooks.poll"),
                duration(c, "parley.webhooks.lease"));
    }

    private static ParleySettings.Attachments attachments(Config c) {
        String store = text(c, "parley.attachments.store").trim();
        if (!store.equals("database") && !store.equals("files")) {
            throw new IllegalArgumentException("parley.attachments.store: '" + store + "' is not database or files");
        }
        Optional<String> secret = optional(c, "parley.attachments.link-secret");
        if (secret.isPresent() && secret.get().getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("parley.attachments.link-secret must have at least 32 bytes");
        }
        return new ParleySettings.Attachments(store, Path.of(text(c, "parley.attachments.directory").trim()),
                duration(c, "parley.attachments.upload-ttl"), duration(c, "parley.attachments.link-ttl"), secret);
    }

    private static ParleySettings.Retention retention(Config c) {
        String maxAge = text(c, "parley.retention.max-age").trim();
        String maxMessages = text(c, "parley.retention.max-messages").trim();
        return new ParleySettings.Retention(
                maxAge.isEmpty() ? Optional.empty() : Optional.of(duration(c, "parley.retention.max-age")),
                maxMessages.isEmpty() ? OptionalInt.empty()
                        : OptionalInt.of(positive(c, "parley.retention.max-messages")),
                duration(c, "parley.retention.interval"));
    }

    private static ParleySettings.Assistant assistant(Config c) {
        String provider = text(c, "parley.llm.provider").trim();
        if (!provider.equals("echo") && !provider.equals("openai") && !provider.equals("agui")) {
            throw new IllegalArgumentException("parley.llm.provider: '" + provider + "' is not echo, openai or agui");
        }
        String baseUrl = text(c, "parley.llm.base-url").trim();
        String model = text(c, "parley.llm.model").trim();
        if (provider.equals("openai")) {
            baseUrl = baseUrl.isEmpty() ? OPENAI_BASE_URL : baseUrl;
            model = model.isEmpty() ? OPENAI_MODEL : model;
        }
        if (provider.equals("agui") && !baseUrl.matches("(?i)https?://[^/?#]+.*")) {
            throw new IllegalArgumentException("parley.llm.base-url: PARLEY_LLM_PROVIDER=agui needs the agent's "
                    + "http(s) endpoint URL in PARLEY_LLM_BASE_URL, such as http://127.0.0.1:8000/agent"
                    + (baseUrl.isEmpty() ? " (it is not set)" : ", not '" + baseUrl + "'"));
        }
        String temperature = text(c, "parley.llm.temperature").trim();
        Optional<Double> parsedTemperature;
        try {
            parsedTemperature = temperature.isEmpty() ? Optional.empty() : Optional.of(Double.parseDouble(temperature));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parley.llm.temperature: '" + temperature + "' is not a number");
        }
        return new ParleySettings.Assistant(provider, baseUrl, text(c, "parley.llm.api-key").trim(), model,
                text(c, "parley.llm.system-prompt"),
                whole(c, "parley.llm.max-tokens"), parsedTemperature, positive(c, "parley.llm.context-messages"),
                Values.duration("parley.llm.echo-delay", text(c, "parley.llm.echo-delay")),
                duration(c, "parley.llm.connect-timeout"), duration(c, "parley.llm.first-token-timeout"),
                duration(c, "parley.llm.stall-timeout"), whole(c, "parley.llm.retries"),
                Values.duration("parley.llm.retry-delay", text(c, "parley.llm.retry-delay")),
                duration(c, "parley.llm.retry-budget"), positive(c, "parley.llm.breaker-failures"),
                duration(c, "parley.llm.breaker-open-for"), positive(c, "parley.llm.max-concurrent-runs"),
                whole(c, "parley.llm.max-queued-runs"));
    }

    private static int whole(Config c, String key) {
        String text = text(c, key).trim();
        try {
            int value = Integer.parseInt(text);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a whole number >= 0");
        }
    }

    private static int port(Config c) {
        String text = text(c, "server.port");
        try {
            int port = Integer.parseInt(text.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("server.port: '" + text + "' is not a port (0-65535)");
        }
    }

    private static String text(Config c, String key) {
        return c.get(key).asString().orElseThrow(() -> new IllegalArgumentException("setting " + key + " is missing"));
    }

    private static java.time.Duration duration(Config c, String key) {
        java.time.Duration d = Values.duration(key, text(c, key));
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be positive");
        }
        return d;
    }

    private static long size(Config c, String key) {
        long s = Values.size(key, text(c, key));
        if (s < 1) {
            throw new IllegalArgumentException(key + " must be positive");
        }
        return s;
    }

    private static int positive(Config c, String key) {
        return Values.positiveInt(key, text(c, key));
    }

    private static List<String> list(Config c, String key) {
        return c.get(key).asString().map(Values::list).orElse(List.of());
    }
}
