package io.parley.adapter.in.websocket;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import io.helidon.webserver.websocket.WsConfig;

import io.parley.adapter.common.json.Json;
import io.parley.adapter.common.json.JsonEventEncoder;
import io.parley.adapter.common.web.ProblemResponses;
import io.parley.adapter.common.web.TrustedProxies;

/**
 * The WebSocket driving adapter. {@link #register} installs the HTTP route that answers refused upgrades and gives
 * the {@link #upgrader()} the server's HTTP/1 connections take; bootstrap and tests call the same method. Close it
 * after the server stopped, to release its scheduler.
 */
public final class WebSocketEndpoint implements AutoCloseable {
    private final ScheduledExecutorService scheduler;
    private final Http1Upgrader upgrader;

    private WebSocketEndpoint(ScheduledExecutorService scheduler, Http1Upgrader upgrader) {
        this.scheduler = scheduler;
        this.upgrader = upgrader;
    }

    /** Builds the endpoint and routes {@code GET} on its path to the answers of refused upgrades. */
    public static WebSocketEndpoint register(HttpRouting.Builder routing, WebSocketSettings settings,
                                             WebSocketUseCases useCases, Json json, TrustedProxies proxies,
                                             Clock clock) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("parley-ws-deadlines").daemon(true).factory());
        // drains are short-lived, unnamed virtual threads: a name or an executor's bookkeeping would cost more than
        // the write itself on the fan-out path
        JsonEventEncoder encoder = new JsonEventEncoder(json.eventWriter());
        WriterContext writerContext = new WriterContext(Thread.ofVirtual().factory(), scheduler, clock,
                settings.outboundQueueBytes(), settings.closeTimeout(), encoder);
        EndpointContext endpoint = new EndpointContext(settings, useCases, json.requestReader(), encoder,
                writerContext, proxies);
        // frames are read by WebSocketConnection, which bounds them itself; the configuration is only the one
        // Helidon's upgrader is built with
        AdmittingUpgrader upgrader = new AdmittingUpgrader(WsConfig.builder().build(), endpoint);
        routing.get(settings.path(), new UpgradeRefusals(new ProblemResponses(json.factory()))::handle);
        return new WebSocketEndpoint(scheduler, upgrader);
    }

    /** The upgrader of {@code GET} requests on the endpoint's path, for the server's HTTP/1 connections. */
    public Http1Upgrader upgrader() {
        return upgrader;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
