package io.parley.bootstrap;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.helidon.health.HealthCheck;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.health.HealthObserverConfig;
import io.helidon.webserver.observe.metrics.MetricsObserver;

import io.parley.adapter.common.web.TrustedProxies;
import io.parley.adapter.in.http.HttpApi;
import io.parley.adapter.in.http.HttpSettings;
import io.parley.adapter.in.http.ServerSockets;
import io.parley.adapter.in.websocket.WebSocketEndpoint;
import io.parley.adapter.in.websocket.WebSocketSettings;
import io.parley.domain.LogLine;
import io.parley.domain.connection.OriginPolicy;

/**
 * A running Parley gateway: started on its own server ({@link #start}), or mounted on an application's
 * ({@link ParleyBuilder#mount}). {@link #stop()} shuts it down in order.
 */
public final class Parley implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Parley.class.getName());

    private final ParleySettings settings;
    private final Gateway gateway;
    private final Optional<WebServer> server;
    private final Maintenance maintenance;
    private final List<HealthCheck> health;
    /** Closed in order after the server stopped: the adapters' own threads, gauges, then the driven adapters. */
    private final List<AutoCloseable> resources;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private Parley(ParleySettings settings, Gateway gateway, Optional<WebServer> server, Maintenance maintenance,
                   List<HealthCheck> health, List<AutoCloseable> resources) {
        this.settings = settings;
        this.gateway = gateway;
        this.server = server;
        this.maintenance = maintenance;
        this.health = health;
        this.resources = resources;
    }

    /** Builds and starts the service with Parley's own adapters, on its own server. */
    public static Parley start(ParleySettings settings) {
        return builder(settings).start();
    }

    /** Builds and starts the service on {@code clock} (tests move time forward with it). */
    public static Parley start(ParleySettings settings, Clock clock) {
        return builder(settings).clock(clock).start();
    }

    /** A builder that replaces driven adapters and mounts Parley on an application's server, or starts its own. */
    public static ParleyBuilder builder(ParleySettings settings) {
        return new ParleyBuilder(settings);
    }

    static Parley startOwn(ParleySettings settings, DrivenAdapters driven, Clock clock) {
        WebServerConfig.Builder config = WebServer.builder()
                .host(settings.server().host())
                .port(settings.server().port())
                .shutdownHook(false);
        HttpRouting.Builder routing = HttpRouting.builder();
        Parley parley = assemble(settings, driven, clock, config, routing, true);
        if (settings.security().devMode() && settings.server().host().startsWith("127.")) {
            LOG.log(Level.INFO, LogLine.event("dev_loopback").with("host", settings.server().host())
                    .with("detail", "dev mode listens on loopback only; set PARLEY_HOST (e.g. 0.0.0.0) to listen "
                            + "on other interfaces").toString());
        }
        LOG.log(Level.INFO, LogLine.event("started").with("node", settings.server().nodeId())
                .with("host", settings.server().host()).with("port", parley.port())
                .with("store", driven.store().description())
                .with("auth", settings.security().authMode())
                .with("assistant", driven.assistant().provider() + "/" + driven.assistant().model())
                .toString());
        return parley;
    }

    static Parley mount(ParleySettings settings, DrivenAdapters driven, Clock clock, WebServerConfig.Builder server,
                        HttpRouting.Builder routing) {
        Parley parley = assemble(settings, driven, clock, server, routing, false);
        LOG.log(Level.INFO, LogLine.event("mounted").with("node", settings.server().nodeId())
                .with("store", driven.store().description()).with("auth", settings.security().authMode())
                .with("assistant", driven.assistant().provider() + "/" + driven.assistant().model())
                .toString());
        return parley;
    }

    private static Parley assemble(ParleySettings settings, DrivenAdapters driven, Clock clock,
                                   WebServerConfig.Builder config, HttpRouting.Builder routing, boolean ownServer) {
        Gateway gateway = Gateway.assemble(settings, driven, clock);
        TrustedProxies proxies = TrustedProxies.of(settings.security().trustedProxies());
        WebSocketEndpoint webSocket = WebSocketEndpoint.register(routing,
                new WebSocketSettings("/ws", settings.sizes().maxMessageBytes(), settings.timeouts().close()),
                gateway.webSocket(), gateway.json(), proxies);
        ServerSockets sockets = ServerSockets.configure(config.maxPayloadSize(settings.sizes().maxRequestBodyBytes()),
                settings.timeouts().header(), settings.connections().maxSockets(), gateway.json(),
                List.of(webSocket.upgrader()));
        HttpApi http = HttpApi.register(routing, new HttpSettings(settings.security().apiKey(),
                new OriginPolicy(Set.copyOf(settings.security().allowedOrigins())), settings.timeouts().write()),
                gateway.http(), gateway.json(), proxies);
        List<HealthCheck> health = List.of(Observability.acceptingConnections(gateway.connections()),
                Observability.assistantCircuit(driven.assistant()),
                Observability.readiness("store", driven.store()::health),
                Observability.readiness("cluster", driven.cluster()::health));
        AutoCloseable gauges = Observability.registerGauges(driven.assistant(), driven.store()::circuit,
                gateway.stats());
        List<AutoCloseable> resources = new ArrayList<>(List.of(http, sockets, gauges, driven.cluster(),
                driven.assistant(), driven.store()));
        Optional<WebServer> server = Optional.empty();
        if (ownServer) {
            HealthObserverConfig.Builder observer = HealthObserver.builder().details(true).useSystemServices(false);
            health.forEach(observer::addCheck);
            config.routing(routing).addFeature(ObserveFeature.builder().addObserver(observer.build())
                    .addObserver(MetricsObserver.builder().build()).build());
            server = Optional.of(config.build().start());
        }
        Maintenance maintenance = Maintenance.start(gateway, settings.retention().interval(),
                settings.attachments().uploadTtl());
        if (settings.security().devMode()) {
            LOG.log(Level.WARNING, LogLine.event("dev_identity")
                    .with("detail", "auth mode dev: users are who they say they are, nothing is verified").toString());
        }
        if (settings.security().apiKey().isEmpty()) {
            LOG.log(Level.INFO, LogLine.event("server_key_unset").with("detail", "server endpoints (publish, "
                    + "events, members by the server, stats) are closed; set PARLEY_API_KEY to open them").toString());
        }
        return new Parley(settings, gateway, server, maintenance, health, List.copyOf(resources));
    }

    /** The port Parley's own server listens on. */
    public int port() {
        return server.orElseThrow(() -> new IllegalStateException(
                "Parley is mounted on the application's server: ask that server for its port")).port();
    }

    /** Readiness checks (connections accepted, assistant circuit, store), for a mounting application's health. */
    public List<HealthCheck> healthChecks() {
        return health;
    }

    /**
     * Shuts down in order: refuse new connections (503), let queued frames drain and close every connection with
     * 1001 (bounded by the drain timeout), stop the maintenance, stop Parley's own server, release threads and the
     * adapters Parley opened. A mounting application calls this before it stops its server. Idempotent.
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        int left = gateway.connections().drain(settings.timeouts().drain());
        maintenance.close();
        server.ifPresent(WebServer::stop);
        resources.forEach(Parley::closeQuietly);
        LOG.log(Level.INFO, LogLine.event("stopped").with("node", settings.server().nodeId())
                .with("cut_connections", left)
                .with("took_ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).toString());
    }

    @Override
    public void close() {
        stop();
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "closing " + resource + " failed", e);
        }
    }
}
