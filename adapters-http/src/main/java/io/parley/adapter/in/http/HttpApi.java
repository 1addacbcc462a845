package io.parley.adapter.in.http;

import java.lang.System.Logger.Level;

import io.helidon.http.HttpException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.staticcontent.ClasspathHandlerConfig;
import io.helidon.webserver.staticcontent.StaticContentFeature;

import io.parley.adapter.common.json.Json;
import io.parley.adapter.common.web.ProblemResponses;
import io.parley.adapter.common.web.TrustedProxies;

/**
 * The HTTP driving adapter: {@code /api/**} and {@code /agui}. {@link #register} installs it on a routing being
 * built; bootstrap and tests call the same method. Every error answer is problem+json, mapped in one place: a
 * store that cannot answer is 503 with {@code Retry-After}, Helidon's own HTTP failures (no route, bad request,
 * body too large) keep their status, and only a real bug is a 500 with its stack trace in the log. Close it after
 * the server stopped.
 */
public final class HttpApi implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HttpApi.class.getName());

    private final StalledWrites writes;

    private HttpApi(StalledWrites writes) {
        this.writes = writes;
    }

    /** Installs the API routes on {@code routing}. */
    public static HttpApi register(HttpRouting.Builder routing, HttpSettings settings, HttpUseCases useCases,
                                   Json json, TrustedProxies proxies) {
        ProblemResponses problems = new ProblemResponses(json.factory());
        ServerKeyGuard serverKey = new ServerKeyGuard(settings, problems);
        Bodies bodies = new Bodies(json.mapper());
        StalledWrites writes = new StalledWrites(settings.writeTimeout());
        JsonAnswers answers = new JsonAnswers(json.factory());
        ConversationsResource conversations = new ConversationsResource(useCases, bodies, answers, problems,
                json.eventWriter());
        MembersResource members = new MembersResource(useCases, serverKey, bodies, answers, problems);
        PushResource push = new PushResource(useCases.push(), bodies, answers, problems);
        AttachmentsResource files = new AttachmentsResource(useCases.attachments(), json.links(), serverKey,
                problems, writes);
        AguiResource agui = new AguiResource(useCases.runAssistant(), bodies, json.eventWriter(), problems, writes);
        routing.addFilter(new CrossSiteGuard(settings.origins(), problems))
                .addFilter(new HttpRateLimit(useCases.quota(), serverKey, proxies, problems))
                .get("/api/stats", serverKey.protect(new StatsResource(useCases.stats(), json.factory())::get))
                .get("/api/conversations/{id}/messages", conversations::messages)
                .post("/api/conversations/{id}/messages", serverKey.protect(conversations::post))
                .post("/api/conversations/{id}/events", serverKey.protect(conversations::events))
                .post("/agui", agui::run)
                .get("/api/conversations", members::list)
                .get("/api/conversations/{id}/members", members::members)
                .put("/api/conversations/{id}/members/{user}", members::setRole)
                .delete("/api/conversations/{id}/members/{user}", members::remove)
                .delete("/api/conversations/{id}", members::delete)
                .get("/api/conversations/{id}/tools", members::tools)
                .put("/api/conversations/{id}/tools", members::setTools)
                .get("/api/attachments/{id}", files::get)
                .post("/api/users/{user}/events", serverKey.protect(push::toUser))
                .post("/api/broadcast", serverKey.protect(push::broadcast))
                .any("/api/stats", HttpFailures.methodNotAllowed(problems, "GET"))
                .any("/api/conversations/{id}/messages", HttpFailures.methodNotAllowed(problems, "GET, POST"))
                .any("/api/conversations/{id}/events", HttpFailures.methodNotAllowed(problems, "POST"))
                .any("/agui", HttpFailures.methodNotAllowed(problems, "POST"))
                .any("/api/conversations", HttpFailures.methodNotAllowed(problems, "GET"))
                .any("/api/conversations/{id}", HttpFailures.methodNotAllowed(problems, "DELETE"))
                .any("/api/conversations/{id}/members", HttpFailures.methodNotAllowed(problems, "GET"))
                .any("/api/conversations/{id}/members/{user}", HttpFailures.methodNotAllowed(problems, "PUT, DELETE"))
                .any("/api/attachments/{id}", HttpFailures.methodNotAllowed(problems, "GET"))
                .any("/api/users/{user}/events", HttpFailures.methodNotAllowed(problems, "POST"))
                .any("/api/broadcast", HttpFailures.methodNotAllowed(problems, "POST"))
                .register("/", StaticContentFeature.createService(ClasspathHandlerConfig.builder()
                        .location("console").welcome("index.html").classLoader(HttpApi.class.getClassLoader())
                        .build()))
                .any("/api/*", (request, response) -> problems.send(response, ProblemResponses.problem(404,
                        "no such resource: " + request.prologue().method().text() + " " + request.path().path(),
                        "not_found")))
                .error(Bodies.BadRequest.class, (request, response, e) -> problems.send(response,
                        ProblemResponses.problem(400, e.getMessage(), "bad_request")))
                .error(HttpException.class, (request, response, e) -> problems.send(response,
                        HttpFailures.problem(request, e)))
                .error(RuntimeException.class, (request, response, e) -> {
                    LOG.log(Level.ERROR, "request failed: " + request.path().path(), e);
                    problems.send(response, ProblemResponses.problem(500, "the request failed on the server",
                            "internal"));
                });
        return new HttpApi(writes);
    }

    @Override
    public void close() {
        writes.close();
    }
}
