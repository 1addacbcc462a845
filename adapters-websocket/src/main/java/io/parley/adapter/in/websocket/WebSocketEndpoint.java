package io.parley.adapter.in.websocket;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.websocket.WsConfig;

import io.parley.adapter.common.json.Json;
import io.parley.adapter.common.json.JsonEventEncoder;
import io.parley.adapter.common.web.ProblemResponses;
import io.parley.adapter.common.web.TrustedProxies;

/**
 * The WebSocket driving adapter. {@link #register} installs it on a server being built; bootstrap and tests call
 * the same method. Close it after the server stopped, to release its scheduler.
 */
public final class WebSocketEndpoint implements AutoCloseable {
    private final ScheduledExecutorService scheduler;

    private WebSocketEndpoint(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Installs the endpoint: its upgrader on the server's HTTP/1 connections, and the HTTP route that answers
     * refused upgrades on the same path.
     */
    public static WebSocketEndpoint register(WebServerConfig.Builder server, HttpRouting.Builder routing,
                                             WebSocketSettings settings, WebSocketUseCases useCases, Json json,
                                             TrustedProxies proxies, Clock clock) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("parley-ws-deadlines").daemon(true).factory());
        // drains are short-lived, unnamed virtual threads: a name or an executor's bookkeeping would cost more than
        // the write itself on the fan-out path
        JsonEventEncoder encoder = new JsonEventEncoder(json.eventWriter());
        WriterContext writerContext = new WriterContext(Thread.ofVirtual().factory(), scheduler, clock,
                settings.outboundQueueBytes(), settings.closeTimeout(), encoder);
        EndpointContext endpoint = new EndpointContext(settings, useCases, json.requestReader(), encoder,
                writerContext, proxies);
        WsConfig wsConfig = WsConfig.builder().maxFrameLength(settings.frameLimit()).build();
        server.addProtocol(wsConfig);
        // small frames must leave at once: Helidon's default keeps Nagle's algorithm on, which holds a frame
        // back until the previous one is acknowledged (up to the peer's delayed-ACK time, ~40 ms)
        server.connectionOptions(options -> options.tcpNoDelay(true));
        server.addConnectionSelector(Http1ConnectionSelector.builder()
                .config(Http1Config.builder().build())
                .addUpgrader(new AdmittingUpgrader(wsConfig, endpoint))
                .build());
        routing.get(settings.path(), new UpgradeRefusals(new ProblemResponses(json.factory()))::handle);
        return new WebSocketEndpoint(scheduler);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
