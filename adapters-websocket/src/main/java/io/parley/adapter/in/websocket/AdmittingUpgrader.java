package io.parley.adapter.in.websocket;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsUpgrader;

import io.parley.adapter.common.web.RequestCredentials;
import io.parley.application.port.in.AdmitConnectionCommand;
import io.parley.application.port.in.ConnectionTicket;
import io.parley.application.port.in.Outcome;
import io.parley.domain.connection.ClientAddress;
import io.parley.domain.protocol.ErrorCode;
import io.parley.domain.protocol.Protocol;
import io.parley.domain.protocol.Refusal;

/**
 * Upgrades {@code GET /ws} after admission, where the client's address is known (Helidon's listener callback
 * does not see it). A refused upgrade falls through to HTTP routing carrying its refusal in a header that only
 * this upgrader sets, and is answered there with problem+json. An admitted one gets its listener built for its
 * ticket, and a wrapper that sees the connection end whichever way it ends.
 */
final class AdmittingUpgrader extends WsUpgrader {
    private final EndpointContext endpoint;

    AdmittingUpgrader(WsConfig config, EndpointContext endpoint) {
        super(config);
        this.endpoint = endpoint;
    }

    @Override
    public ServerConnection upgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        if (!endpoint.settings().path().equals(prologue.uriPath().path())) {
            return super.upgrade(ctx, prologue, headers);
        }
        headers.remove(UpgradeRefusals.HEADER);
        Optional<String> key = headers.first(WS_KEY).filter(AdmittingUpgrader::validKey);
        if (key.isEmpty()) {
            return refuse(headers, "Sec-WebSocket-Key is missing or malformed");
        }
        if (!headers.first(WS_VERSION).orElse(SUPPORTED_VERSION).equals(SUPPORTED_VERSION)) {
            return refuse(headers, "only WebSocket version 13 is supported");
        }
        AdmitConnectionCommand command = new AdmitConnectionCommand(
                RequestCredentials.of(headers.first(HeaderNames.AUTHORIZATION),
                        parameter(prologue, "access_token"), parameter(prologue, "user")),
                clientAddress(ctx, headers), headers.first(HeaderNames.ORIGIN), headers.first(HeaderNames.HOST));
        return switch (endpoint.useCases().admit().admit(command)) {
            case Outcome.Refused<ConnectionTicket> refused -> {
                headers.set(UpgradeRefusals.HEADER, UpgradeRefusals.encode(refused.refusal()));
                yield null;
            }
            case Outcome.Done<ConnectionTicket> admitted -> accept(ctx, prologue, headers, key.get(), admitted.value());
        };
    }

    /** A query parameter's first value, read directly (Helidon's {@code first(...)} goes through its mappers). */
    private static Optional<String> parameter(HttpPrologue prologue, String name) {
        return prologue.query().contains(name) ? Optional.of(prologue.query().get(name)) : Optional.empty();
    }

    private ServerConnection accept(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers,
                                    String key, ConnectionTicket ticket) {
        try {
            // room for the accept hash and the subprotocol's header: the response is built without growing
            StringBuilder response = new StringBuilder(SWITCHING_PROTOCOL_PREFIX.length() + 128)
                    .append(SWITCHING_PROTOCOL_PREFIX).append(hash(ctx, key))
                    .append("\r\n");
            if (offersOurSubprotocol(headers)) {
                response.append(PROTOCOL.defaultCase()).append(": ").append(Protocol.SUBPROTOCOL).append("\r\n");
            }
            response.append("\r\n");
            ctx.dataWriter().writeNow(BufferData.create(response.toString().getBytes(StandardCharsets.US_ASCII)));
            return new WebSocketConnection(ctx, new ConnectionReader(ticket, endpoint),
                    endpoint.settings().maxMessageBytes());
        } catch (RuntimeException e) {
            endpoint.useCases().open().abandon(ticket);
            throw e;
        }
    }

    private ClientAddress clientAddress(ConnectionContext ctx, WritableHeaders<?> headers) {
        InetAddress peer = ((InetSocketAddress) ctx.remotePeer().address()).getAddress();
        return endpoint.proxies().resolve(peer, headers.values(HeaderNames.X_FORWARDED_FOR));
    }

    private static boolean offersOurSubprotocol(WritableHeaders<?> headers) {
        return headers.values(PROTOCOL).stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .anyMatch(p -> p.trim().equals(Protocol.SUBPROTOCOL));
    }

    private static ServerConnection refuse(WritableHeaders<?> headers, String detail) {
        headers.set(UpgradeRefusals.HEADER,
                UpgradeRefusals.encode(Refusal.of(ErrorCode.BAD_REQUEST, detail)));
        return null;
    }

    private static boolean validKey(String key) {
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
