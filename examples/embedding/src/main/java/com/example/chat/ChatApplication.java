package com.example.chat;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.health.HealthObserverConfig;

import io.parley.bootstrap.Parley;
import io.parley.bootstrap.ParleySettings;
import io.parley.bootstrap.SettingsLoader;

/**
 * An application that embeds Parley, and its composition root: its own Helidon server with a route of its own
 * ({@code GET /hello}) and its own health observer, which also asks Parley's readiness checks; Parley's routes
 * ({@code /ws}, {@code /api/…}, {@code /agui}, the console at {@code /}) mounted on the same routing; Parley
 * running on the application's {@link SortedMapConversationStore} and {@link ScriptedAssistant}. The server
 * listens where Parley's settings say ({@code PARLEY_HOST}, {@code PARLEY_PORT}); {@code CHAT_ASSISTANT_PAUSE_MS}
 * sets the assistant's pause between words. {@link ChatMain} runs it as a process.
 */
public final class ChatApplication {
    /** What {@code GET /hello} answers. */
    public static final String GREETING = "hello from the chat app";

    private static final System.Logger LOG = System.getLogger(ChatApplication.class.getName());

    private final Parley parley;
    private final WebServer server;
    private final SortedMapConversationStore store;

    private ChatApplication(Parley parley, WebServer server, SortedMapConversationStore store) {
        this.parley = parley;
        this.server = server;
        this.store = store;
    }

    /** Starts the application with Parley's settings read from {@code environment} (its variable names). */
    public static ChatApplication start(Map<String, String> environment) {
        ParleySettings settings = SettingsLoader.load(environment);
        SortedMapConversationStore store = new SortedMapConversationStore();
        WebServerConfig.Builder server = WebServer.builder()
                .host(settings.server().host())
                .port(settings.server().port())
                .shutdownHook(false); // our own hook stops Parley before the server
        HttpRouting.Builder routing = HttpRouting.builder()
                .get("/hello", ChatApplication::hello); // before mounting: Parley's "/" takes what reaches it
        Parley parley = Parley.builder(settings)
                .store(store, store)
                .assistant(new ScriptedAssistant(Duration.ofMillis(pauseMillis(environment))))
                .mount(server, routing);
        try {
            WebServer started = server.routing(routing).addFeature(observe(parley)).build().start();
            LOG.log(Level.INFO, "chat app listening on port " + started.port() + ", Parley mounted on it");
            return new ChatApplication(parley, started, store);
        } catch (RuntimeException e) {
            parley.stop();
            throw e;
        }
    }

    /** The port the application's server listens on (Parley's routes included). */
    public int port() {
        return server.port();
    }

    /** The application's store, where Parley keeps the conversations. */
    public SortedMapConversationStore store() {
        return store;
    }

    /** Stops Parley (it drains its connections and closes them with 1001), then the application's server. */
    public void stop() {
        parley.stop();
        server.stop();
        LOG.log(Level.INFO, "chat app stopped");
    }

    private static void hello(ServerRequest request, ServerResponse response) {
        response.send(GREETING);
    }

    /** {@code /observe/health}: the application's checks would go here beside Parley's readiness checks. */
    private static ObserveFeature observe(Parley parley) {
        HealthObserverConfig.Builder health = HealthObserver.builder().details(true).useSystemServices(false);
        parley.healthChecks().forEach(health::addCheck);
        return ObserveFeature.builder().addObserver(health.build()).build();
    }

    private static long pauseMillis(Map<String, String> environment) {
        String value = environment.getOrDefault("CHAT_ASSISTANT_PAUSE_MS", "0").strip();
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("CHAT_ASSISTANT_PAUSE_MS must be a number of milliseconds: " + value);
        }
    }
}
