package io.parley.adapter.in.websocket;

import io.parley.adapter.common.json.JsonEventEncoder;
import io.parley.adapter.common.web.TrustedProxies;

/** What all connections of the endpoint share, the text frames of events written to many of them too. */
record EndpointContext(WebSocketSettings settings, WebSocketUseCases useCases, RequestReader reader,
                       JsonEventEncoder encoder, TrustedProxies proxies, FramedTexts framedTexts) {
}
