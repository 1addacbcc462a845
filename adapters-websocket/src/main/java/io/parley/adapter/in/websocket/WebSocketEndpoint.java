package io.parley.adapter.in.websocket;


import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import io.helidon.webserver.websocket.WsConfig;

import io.parley.adapter.common.json.Json;
import io.parley.adapter.common.json.JsonEventEncoder;
import io.parley.adapter.common.web.ProblemResponses;
import io.parley.adapter.common.web.TrustedProxies;

/**
 * The WebSocket driving adapter. {@link #register} installs the HTTP route that answers refused upgrades and gives
 * the {@link #upgrader()} the server's HTTP/1 connections take; bootstrap and tests call the same method.
 */
public final class WebSocketEndpoint {
    private final Http1Upgrader upgrader;

    private WebSocketEndpoint(Http1Upgrader upgrader) {
        this.upgrader = upgrader;
    }

    /** Builds the endpoint and routes {@code GET} on its path to the answers of refused upgrades. */
    public static WebSocketEndpoint register(HttpRouting.Builder routing, WebSocketSettings settings,
                                             WebSocketUseCases useCases, Json json, TrustedProxies proxies) {
        EndpointContext endpoint = new EndpointContext(settings, useCases, new RequestReader(json.mapper()),
                new JsonEventEncoder(json.eventWriter()), proxies, new FramedTexts());
        // frames are read by WebSocketConnection, which bounds them itself; the configuration is only the one
        // Helidon's upgrader is built with
        AdmittingUpgrader upgrader = new AdmittingUpgrader(WsConfig.builder().build(), endpoint);
        routing.get(settings.path(), new UpgradeRefusals(new ProblemResponses(json.factory()))::handle);
        return new WebSocketEndpoint(upgrader);
    }

    /** The upgrader of {@code GET} requests on the endpoint's path, for the server's HTTP/1 connections. */
    public Http1Upgrader upgrader() {
        return upgrader;
    }

}
