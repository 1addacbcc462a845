package io.parley.bootstrap;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;

import io.parley.adapter.out.identity.RandomIds;
import io.parley.adapter.out.ratelimit.Bucket4jRateLimiter;
import io.parley.application.port.in.DeliverLocallyUseCase;
import io.parley.application.port.out.AssistantPort;
import io.parley.application.port.out.AttachmentStorePort;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.FanoutPort;
import io.parley.application.port.out.IdentityPort;
import io.parley.application.port.out.PurgeMessagesPort;
import io.parley.application.port.out.RateLimitPort;

/**
 * Assembles a Parley gateway for an application that embeds it: any driven adapter may be replaced by the
 * application's own (each must pass its port's contract test, see {@code docs/embedding.md}); what is not
 * replaced is Parley's, configured by the settings. Then either {@link #start()} Parley's own server, or
 * {@link #mount} Parley's routes on the application's Helidon server. Adapters the application brings stay its
 * own: Parley does not close them.
 */
public final class ParleyBuilder {
    private final ParleySettings settings;
    private Clock clock = Clock.systemUTC();
    private ConversationStorePort store;
    private Optional<PurgeMessagesPort> purge = Optional.empty();
    private AssistantPort assistant;
    private IdentityPort identity;
    private RateLimitPort rateLimits;
    private Function<DeliverLocallyUseCase, FanoutPort> fanout;
    private AttachmentStorePort attachments;

    ParleyBuilder(ParleySettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings are needed (SettingsLoader.load reads them)");
        }
        this.settings = settings;
    }

    /** The one clock every component reads (tests move time with it); the system's UTC clock by default. */
    public ParleyBuilder clock(Clock clock) {
        this.clock = required(clock, "clock");
        return this;
    }

    /** The conversation store, instead of the configured JDBC or in-memory one; retention does not purge it. */
    public ParleyBuilder store(ConversationStorePort store) {
        return store(store, null);
    }

    /** The conversation store and its purge, which retention settings then drive. */
    public ParleyBuilder store(ConversationStorePort store, PurgeMessagesPort purge) {
        this.store = required(store, "store");
        this.purge = Optional.ofNullable(purge);
        return this;
    }

    /** Where uploads' bytes go, instead of the store's database (or the configured files directory). */
    public ParleyBuilder attachments(AttachmentStorePort attachments) {
        this.attachments = required(attachments, "attachment store");
        return this;
    }

    /** The assistant that answers in conversations, instead of the configured echo or OpenAI-compatible one. */
    public ParleyBuilder assistant(AssistantPort assistant) {
        this.assistant = required(assistant, "assistant");
        return this;
    }

    /** Who connects and calls, instead of the configured identity. */
    public ParleyBuilder identity(IdentityPort identity) {
        this.identity = required(identity, "identity");
        return this;
    }

    /** The rate limiter of connections, messages and HTTP requests, instead of the in-process Bucket4j one. */
    public ParleyBuilder rateLimits(RateLimitPort rateLimits) {
        this.rateLimits = required(rateLimits, "rate limiter");
        return this;
    }

    /**
     * The fan-out, made from this node's delivery: a cluster fan-out publishes to the other nodes and hands what
     * they publish to this node's {@link DeliverLocallyUseCase}. By default events reach this node only.
     */
    public ParleyBuilder fanout(Function<DeliverLocallyUseCase, FanoutPort> fanout) {
        this.fanout = required(fanout, "fan-out");
        return this;
    }

    /** Starts Parley on its own server, at the settings' host and port. */
    public Parley start() {
        return Parley.startOwn(settings, assemble(), clock);
    }

    /**
     * Puts Parley on the application's server: its routes ({@code /ws}, {@code /agui}, {@code /api/…}, the console
     * at {@code /}) on {@code routing}, and how the server takes connections (the WebSocket upgrade, the header
     * timeout, the socket bound, the request body bound, problem+json for what Helidon answers itself) on
     * {@code server}. Add the application's routes to {@code routing} before mounting (Parley's {@code /} and
     * {@code /api/*} take what reaches them), set {@code server.routing(routing)}, build and start the server.
     * At shutdown, {@link Parley#stop()} drains before the application stops its server.
     */
    public Parley mount(WebServerConfig.Builder server, HttpRouting.Builder routing) {
        return Parley.mount(settings, assemble(), clock, required(server, "server"), required(routing, "routing"));
    }

    private DrivenAdapters assemble() {
        RandomIds ids = new RandomIds(clock);
        StoreWiring stores = store == null
                ? StoreWiring.open(settings.store(), settings.attachments(), Optional.ofNullable(attachments))
                : StoreWiring.custom(store, purge, settings.attachments(), Optional.ofNullable(attachments));
        try {
            AssistantWiring assistants = assistant == null ? AssistantWiring.open(settings.assistant(), clock)
                    : AssistantWiring.custom(assistant);
            RateLimitPort limits = rateLimits;
            Runnable upkeep = () -> { };
            if (limits == null) {
                Bucket4jRateLimiter own = new Bucket4jRateLimiter(clock);
                limits = own;
                upkeep = own::evictIdle;
            }
            ClusterWiring cluster = fanout == null && settings.cluster().enabled()
                    ? ClusterWiring.open(settings.cluster(), settings.server().nodeId()) : ClusterWiring.single();
            return new DrivenAdapters(stores, assistants, identity == null ? IdentityWiring.identity(
                    settings.security(), ids, clock) : identity, cluster.rateLimits(limits), upkeep,
                    Optional.ofNullable(fanout).or(cluster::fanout), ids, cluster);
        } catch (RuntimeException e) {
            stores.close();
            throw e;
        }
    }

    private static <T> T required(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException("the " + what + " must not be null");
        }
        return value;
    }
}
