package io.parley.adapter.in.http;

import java.lang.System.Logger.Level;

import io.helidon.webserver.http.HttpRouting;

import io.parley.adapter.common.json.Json;
import io.parley.adapter.common.web.ProblemResponses;
import io.parley.adapter.common.web.TrustedProxies;

/**
 * The HTTP driving adapter: {@code /api/**}. {@link #register} installs it on a routing being built; bootstrap
 * and tests call the same method. Every error answer is problem+json.
 */
public final class HttpApi {
    private static final System.Logger LOG = System.getLogger(HttpApi.class.getName());

    private HttpApi() {
    }

    /** Installs the API routes on {@code routing}. */
    public static void register(HttpRouting.Builder routing, HttpSettings settings, HttpUseCases useCases, Json json,
                                TrustedProxies proxies) {
        ProblemResponses problems = new ProblemResponses(json.factory());
        ServerKeyGuard serverKey = new ServerKeyGuard(settings, problems);
        Bodies bodies = new Bodies(json.mapper());
        ConversationsResource conversations = new ConversationsResource(useCases, bodies, json.factory(), problems);
        AguiResource agui = new AguiResource(useCases.runAgent(), bodies, json.eventWriter(), problems);
        routing.addFilter(new HttpRateLimit(useCases.quota(), serverKey, proxies, problems))
                .get("/api/stats", serverKey.protect(new StatsResource(useCases.stats(), json.factory())::get))
                .get("/api/conversations/{id}/messages", conversations::messages)
                .post("/api/conversations/{id}/messages", serverKey.protect(conversations::post))
                .post("/api/conversations/{id}/events", serverKey.protect(conversations::events))
                .post("/agui", agui::run)
                .any("/api/*", (request, response) -> problems.send(response, ProblemResponses.problem(404,
                        "no such resource: " + request.prologue().method().text() + " " + request.path().path(),
                        "not_found")))
                .error(Bodies.BadRequest.class, (request, response, e) -> problems.send(response,
                        ProblemResponses.problem(400, e.getMessage(), "bad_request")))
                .error(RuntimeException.class, (request, response, e) -> {
                    LOG.log(Level.ERROR, "request failed: " + request.path().path(), e);
                    problems.send(response, ProblemResponses.problem(500, "the request failed on the server",
                            "internal"));
                });
    }
}
