package io.parley.bootstrap;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

import io.parley.adapter.common.json.Json;
import io.parley.adapter.common.json.JsonEventEncoder;
import io.parley.adapter.common.web.TrustedProxies;
import io.parley.adapter.in.http.HttpApi;
import io.parley.adapter.in.http.HttpSettings;
import io.parley.adapter.in.http.HttpUseCases;
import io.parley.adapter.in.http.ServerSockets;
import io.parley.adapter.in.websocket.WebSocketEndpoint;
import io.parley.adapter.in.websocket.WebSocketSettings;
import io.parley.adapter.in.websocket.WebSocketUseCases;
import io.parley.adapter.out.identity.DevIdentity;
import io.parley.adapter.out.identity.RandomIds;
import io.parley.adapter.out.llm.LlmAssistant;
import io.parley.adapter.out.ratelimit.Bucket4jRateLimiter;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.service.AgentRunService;
import io.parley.application.service.AssistantRuns;
import io.parley.application.service.ConnectionRegistry;
import io.parley.application.service.ConnectionService;
import io.parley.application.service.ConnectionSettings;
import io.parley.application.service.ConversationLimits;
import io.parley.application.service.ConversationService;
import io.parley.application.service.HeartbeatService;
import io.parley.application.service.HistoryService;
import io.parley.application.service.HttpQuotaService;
import io.parley.application.service.LocalFanout;
import io.parley.application.service.PublishingService;
import io.parley.application.service.RetentionService;
import io.parley.application.service.RunSettings;
import io.parley.application.service.StatsService;
import io.parley.application.service.Traffic;
import io.parley.domain.LogLine;
import io.parley.domain.connection.ConnectionLimits;
import io.parley.domain.connection.OriginPolicy;
import io.parley.domain.conversation.ContentLimit;
import io.parley.domain.conversation.JoinPolicy;
import io.parley.domain.conversation.RetentionPolicy;
import io.parley.domain.heartbeat.HeartbeatPolicy;
import io.parley.domain.protocol.RelayLimit;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.ratelimit.RateLimit;

/**
 * The composition root: builds every component with {@code new} from {@link ParleySettings}, starts the web
 * server and the maintenance tick, and shuts all of it down in order.
 */
public final class Parley implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Parley.class.getName());
    /** How long a message may wait behind a missing predecessor before the predecessor is fetched from the store. */
    private static final Duration GAP_PATIENCE = Duration.ofSeconds(2);
    /** The largest HTTP request body (AG-UI inputs carry the client's message history). */
    private static final long MAX_REQUEST_BODY = 4L * 1024 * 1024;

    private final ParleySettings settings;
    private final WebServer server;
    private final List<AutoCloseable> adapters;
    private final ScheduledExecutorService maintenance;
    private final ConnectionService connections;
    private final LlmAssistant assistant;
    private final AutoCloseable gauges;
    private final StoreWiring storage;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private Parley(ParleySettings settings, WebServer server, List<AutoCloseable> adapters,
                   ScheduledExecutorService maintenance, ConnectionService connections, LlmAssistant assistant,
                   AutoCloseable gauges, StoreWiring storage) {
        this.settings = settings;
        this.server = server;
        this.adapters = adapters;
        this.maintenance = maintenance;
        this.connections = connections;
        this.assistant = assistant;
        this.gauges = gauges;
        this.storage = storage;
    }

    /** Builds and starts the service. */
    public static Parley start(ParleySettings settings) {
        return start(settings, Clock.systemUTC());
    }

    /** Builds and starts the service on {@code clock} (tests move time forward with it). */
    public static Parley start(ParleySettings settings, Clock clock) {
        Json json = Json.strict(64);
        JsonEventEncoder encoder = new JsonEventEncoder(json.eventWriter());
        RandomIds ids = new RandomIds();
        DevIdentity identity = new DevIdentity(ids);
        StoreWiring storage = StoreWiring.open(settings.store());
        ConversationStorePort store = storage.conversations();
        ConnectionSettings connectionSettings = connectionSettings(settings);

        Bucket4jRateLimiter rateLimits = new Bucket4jRateLimiter(clock);

        ConnectionRegistry registry = new ConnectionRegistry();
        Traffic traffic = new Traffic();
        ConnectionService connections = new ConnectionService(registry, identity, rateLimits, ids, encoder, clock,
                connectionSettings, traffic);
        HttpQuotaService httpQuota = new HttpQuotaService(identity, rateLimits,
                RateLimit.perMinute(settings.rateLimits().httpRequestsPerMinute()), traffic);
        LocalFanout fanout = new LocalFanout(registry, encoder, store, clock, GAP_PATIENCE);
        JoinPolicy joinPolicy = settings.security().devMode() ? JoinPolicy.OPEN : JoinPolicy.MEMBERS_ONLY;
        ConversationLimits limits = conversationLimits(settings);
        LlmAssistant assistant = AssistantWiring.assistant(settings.llm());
        AssistantRuns runs = new AssistantRuns(assistant, store, fanout, ids, clock,
                new RunSettings(settings.llm().contextMessages(), RunSettings.defaults().assistant(),
                        limits.content()), traffic);
        ConversationService conversations = new ConversationService(registry, store, fanout, encoder, ids, clock,
                joinPolicy, traffic, runs, rateLimits, limits);
        HistoryService history = new HistoryService(registry, store, encoder, identity, limits.maxPageBytes());
        PublishingService publishing = new PublishingService(store, fanout, ids, clock, traffic, limits);
        AgentRunService agentRuns = new AgentRunService(identity, store, fanout, runs, clock, joinPolicy, traffic,
                rateLimits, limits);
        HeartbeatService heartbeat = new HeartbeatService(registry, encoder, clock, connectionSettings);
        StatsService stats = new StatsService(settings.server().nodeId(), registry, traffic, runs);

        WebServerConfig.Builder server = WebServer.builder()
                .host(settings.server().host())
                .port(settings.server().port())
                .maxPayloadSize(MAX_REQUEST_BODY)
                .shutdownHook(false);
        HttpRouting.Builder routing = HttpRouting.builder();
        TrustedProxies proxies = TrustedProxies.of(settings.security().trustedProxies());
        WebSocketEndpoint webSocket = WebSocketEndpoint.register(routing,
                new WebSocketSettings("/ws", settings.sizes().maxMessageBytes(), settings.sizes().outboundQueueBytes(),
                        settings.timeouts().close()),
                new WebSocketUseCases(connections, connections, connections, connections, conversations,
                        conversations, conversations, history, conversations),
                json, proxies, clock);
        ServerSockets sockets = ServerSockets.configure(server, settings.timeouts().header(),
                settings.connections().maxSockets(), json, List.of(webSocket.upgrader()));
        HttpApi http = HttpApi.register(routing, new HttpSettings(settings.security().apiKey(),
                        settings.security().devMode(), settings.timeouts().write()),
                new HttpUseCases(stats, httpQuota, history, publishing, publishing, agentRuns), json, proxies);
        server.routing(routing);
        server.addFeature(ObserveFeature.builder()
                .addObserver(HealthObserver.builder()
                        .details(true)
                        .useSystemServices(false)
                        .addCheck(Observability.acceptingConnections(connections))
                        .addCheck(Observability.assistantCircuit(assistant))
                        .addCheck(Observability.readiness("store", storage::health))
                        .build())
                .addObserver(MetricsObserver.builder().build())
                .build());
        AutoCloseable gauges = Observability.registerGauges(assistant, storage::circuit, stats);
        WebServer web = server.build().start();

        ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("parley-maintenance").daemon(true).factory());
        long tick = HeartbeatService.tickFor(connectionSettings.heartbeat(), settings.timeouts().write()).toMillis();
        maintenance.scheduleAtFixedRate(() -> runSafely(() -> {
            heartbeat.sweep();
            fanout.repairGaps();
            rateLimits.evictIdle();
        }), tick, tick, TimeUnit.MILLISECONDS);
        RetentionPolicy retention = new RetentionPolicy(settings.retention().maxAge(),
                settings.retention().maxMessages());
        storage.purge().filter(purge -> !retention.keepsEverything()).ifPresent(purge -> {
            RetentionService purging = new RetentionService(purge, retention, clock);
            long every = settings.retention().interval().toMillis();
            maintenance.scheduleAtFixedRate(() -> runSafely(purging::purgeExpired), 0, every, TimeUnit.MILLISECONDS);
        });

        if (settings.security().devMode()) {
            LOG.log(Level.WARNING, LogLine.event("dev_identity")
                    .with("detail", "auth mode dev: users are who they say they are, nothing is verified").toString());
        }
        LOG.log(Level.INFO, LogLine.event("started").with("node", settings.server().nodeId())
                .with("port", web.port()).with("store", storage.description())
                .with("auth", settings.security().authMode())
                .with("assistant", assistant.provider() + "/" + assistant.model())
                .toString());
        return new Parley(settings, web, List.of(webSocket, http, sockets), maintenance, connections, assistant,
                gauges, storage);
    }

    /** The port the server listens on. */
    public int port() {
        return server.port();
    }

    /**
     * Shuts down in order: refuse new connections (503), let queued frames drain and close every connection with
     * 1001 (bounded by the drain timeout), stop the server, release threads. Idempotent.
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        int left = connections.drain(settings.timeouts().drain());
        maintenance.shutdownNow();
        server.stop();
        adapters.forEach(Parley::closeQuietly);
        assistant.close();
        closeQuietly(gauges);
        storage.close();
        LOG.log(Level.INFO, LogLine.event("stopped").with("node", settings.server().nodeId())
                .with("cut_connections", left)
                .with("took_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).toString());
    }

    @Override
    public void close() {
        stop();
    }

    private static ConnectionSettings connectionSettings(ParleySettings s) {
        return new ConnectionSettings(s.server().nodeId(),
                new ConnectionLimits(s.connections().maxTotal(), s.connections().maxPerClient(),
                        s.connections().retryAfter()),
                new OriginPolicy(Set.copyOf(s.security().allowedOrigins())),
                new HeartbeatPolicy(s.heartbeat().interval(), s.heartbeat().timeout(), s.heartbeat().idleTimeout()),
                new ServerEvent.Limits(s.sizes().maxMessageBytes(), s.rateLimits().messagesPerSecond(),
                        s.sizes().maxUploadBytes()),
                s.timeouts().write(), RateLimit.perMinute(s.connections().connectsPerMinute()),
                RateLimit.perSecond(s.rateLimits().messagesPerSecond(), 2 * s.rateLimits().messagesPerSecond()),
                ConnectionSettings.tenStrikesAMinute());
    }

    private static ConversationLimits conversationLimits(ParleySettings s) {
        ContentLimit content = new ContentLimit(s.sizes().maxMessageBytes());
        return new ConversationLimits(content, s.sizes().outboundQueueBytes() / 2,
                s.connections().maxJoinsPerConnection(), RateLimit.perMinute(s.rateLimits().newConversationsPerMinute()),
                s.requests().aguiMaxNewMessages(),
                new RelayLimit(s.requests().maxEvents(), content, s.requests().maxEventsBytes()));
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "closing " + resource + " failed", e);
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "maintenance tick failed", e);
        }
    }
}
