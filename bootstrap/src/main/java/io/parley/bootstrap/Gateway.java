package io.parley.bootstrap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.parley.adapter.common.attachment.AttachmentLinks;
import io.parley.adapter.common.json.Json;
import io.parley.adapter.common.json.JsonEventEncoder;
import io.parley.adapter.common.state.JsonPatches;
import io.parley.adapter.in.http.HttpUseCases;
import io.parley.adapter.in.websocket.WebSocketUseCases;
import io.parley.adapter.out.webhook.HttpWebhooks;
import io.parley.application.delivery.ConnectionRegistry;
import io.parley.application.delivery.LocalDelivery;
import io.parley.application.delivery.QueueSettings;
import io.parley.application.delivery.Traffic;
import io.parley.application.port.in.DeliverWebhooksUseCase;
import io.parley.application.port.out.FanoutPort;
import io.parley.application.port.out.WebhookOutboxPort;
import io.parley.application.run.AssistantRuns;
import io.parley.application.run.RunCoordination;
import io.parley.application.run.RunMirrors;
import io.parley.application.run.RunSettings;
import io.parley.application.run.RunState;
import io.parley.application.service.AdmissionService;
import io.parley.application.service.AssistantRunService;
import io.parley.application.service.AuthenticationService;
import io.parley.application.service.ConnectionService;
import io.parley.application.service.ConnectionSettings;
import io.parley.application.service.ConversationLimits;
import io.parley.application.service.EraseUserService;
import io.parley.application.service.HeartbeatService;
import io.parley.application.service.HistoryService;
import io.parley.application.service.HttpQuotaService;
import io.parley.application.service.JoinService;
import io.parley.application.service.MembershipService;
import io.parley.application.service.NodeInbound;
import io.parley.application.service.PresenceService;
import io.parley.application.service.PublishingService;
import io.parley.application.service.PushService;
import io.parley.application.service.ReadMarkerService;
import io.parley.application.service.RetentionService;
import io.parley.application.service.RevisionService;
import io.parley.application.service.SendService;
import io.parley.application.service.ServicePorts;
import io.parley.application.service.StateService;
import io.parley.application.service.StatsService;
import io.parley.application.service.ToolResultService;
import io.parley.application.service.UploadService;
import io.parley.application.service.WebhookService;
import io.parley.application.service.WebhookSettings;
import io.parley.domain.LogLine;
import io.parley.domain.connection.ConnectionLimits;
import io.parley.domain.connection.OriginPolicy;
import io.parley.domain.conversation.ContentLimit;
import io.parley.domain.conversation.JoinPolicy;
import io.parley.domain.conversation.RetentionPolicy;
import io.parley.domain.delivery.DeltaMerging;
import io.parley.domain.delivery.SlowConsumerPolicy;
import io.parley.domain.heartbeat.HeartbeatPolicy;
import io.parley.domain.protocol.RelayLimit;
import io.parley.domain.protocol.ServerEvent;
import io.parley.domain.ratelimit.RateLimit;

/**
 * The application core of one node, assembled with {@code new} from the settings and the driven adapters: the
 * delivery core, the assistant runs and the use-case services, grouped as the driving adapters take them.
 *
 * @param tick      what the maintenance tick runs, every {@code tickEvery}
 * @param retention the purge of expired messages, when the settings expire any and the store can purge
 */
record Gateway(Json json, WebSocketUseCases webSocket, HttpUseCases http, ConnectionService connections,
               StatsService stats, Runnable tick, Duration tickEvery, Optional<RetentionService> retention,
               UploadService uploads, Optional<WebhookService> webhooks) {

    private static final System.Logger LOG = System.getLogger(Gateway.class.getName());

    static Gateway assemble(ParleySettings settings, DrivenAdapters driven, Clock clock) {
        Json json = Json.strict(64).withLinks(new AttachmentLinks(linkKey(settings), settings.attachments().linkTtl(),
                clock));
        JsonEventEncoder encoder = new JsonEventEncoder(json.eventWriter());
        ConnectionRegistry registry = new ConnectionRegistry(driven.cluster().clientCounts());
        Traffic traffic = new Traffic();
        LocalDelivery local = new LocalDelivery(registry, encoder, driven.store().conversations(), clock,
                settings.delivery().gapPatience());
        RunMirrors mirrors = new RunMirrors();
        NodeInbound inbound = new NodeInbound(local, mirrors);
        FanoutPort fanout = driven.fanout().<FanoutPort>map(made -> made.apply(inbound)).orElse(local);
        ServicePorts ports = new ServicePorts(driven.store().conversations(), fanout, encoder, driven.ids(), clock,
                traffic, driven.store().states(), driven.store().tools(), driven.store().attachments());
        ConnectionSettings connection = connectionSettings(settings);
        ConversationLimits limits = conversationLimits(settings);
        JoinPolicy joins = settings.security().devMode() ? JoinPolicy.OPEN : JoinPolicy.MEMBERS_ONLY;
        JsonPatches patches = new JsonPatches(json.mapper());
        ContentLimit stateBound = new ContentLimit(settings.sizes().maxStateBytes());
        AssistantRuns runs = new AssistantRuns(driven.assistant().port(), ports.store(), fanout, driven.ids(), clock,
                new RunSettings(settings.assistant().contextMessages(), RunSettings.defaults().assistant(),
                        limits.content(), settings.timeouts().interrupt()), traffic, new RunCoordination(driven.store().runLeases(),
                        settings.server().nodeId(), settings.cluster().runLease(), mirrors),
                new RunState(ports.states(), patches, stateBound), ports.tools());
        inbound.serve(runs);

        AdmissionService admission = new AdmissionService(registry, driven.identity(), driven.rateLimits(),
                driven.ids(), connection, traffic);
        ConnectionService connections = new ConnectionService(registry, driven.rateLimits(), encoder, clock,
                connection, traffic, drain -> Thread.ofVirtual().name("parley-writer").start(drain));
        JoinService join = new JoinService(registry, ports, runs, limits, driven.rateLimits(), joins);
        SendService send = new SendService(registry, ports, runs, limits);
        ToolResultService toolResults = new ToolResultService(registry, ports, runs, limits);
        StateService state = new StateService(registry, ports, patches, stateBound);
        HistoryService history = new HistoryService(registry, ports, driven.identity(), limits.maxPageBytes());
        AssistantRunService assistantRuns = new AssistantRunService(registry, ports, driven.identity(), runs, limits,
                driven.rateLimits(), joins);
        PublishingService publishing = new PublishingService(ports, limits);
        HttpQuotaService quota = new HttpQuotaService(driven.identity(), driven.rateLimits(),
                RateLimit.perMinute(settings.rateLimits().httpRequestsPerMinute()).acrossCluster(), traffic);
        Optional<WebhookService> webhooks = webhookDeliveries(settings, driven, json, clock);
        StatsService stats = new StatsService(settings.server().nodeId(), registry, traffic, runs,
                webhooks.map(DeliverWebhooksUseCase.class::cast));
        HeartbeatService heartbeat = new HeartbeatService(registry, encoder, clock, connection);
        AuthenticationService authentication = new AuthenticationService(registry, driven.identity(), encoder,
                connection);
        MembershipService membership = new MembershipService(ports, driven.identity(), runs);
        PushService push = new PushService(fanout, limits.relay());
        UploadService uploads = new UploadService(registry, ports, driven.identity(), settings.sizes().maxUploadBytes(),
                settings.attachments().uploadTtl());
        RevisionService revisions = new RevisionService(registry, ports, driven.identity(), limits.content());
        ReadMarkerService reads = new ReadMarkerService(registry, ports);
        EraseUserService erasing = new EraseUserService(ports, registry);
        PresenceService presence = new PresenceService(registry, driven.cluster().presence(), fanout, encoder);
        registry.listen(presence);

        Runnable tick = () -> {
            heartbeat.sweep();
            local.repairGaps();
            driven.rateLimitUpkeep().run();
            driven.cluster().tick().run();
            runs.keepLeases();
            presence.refresh();
            reads.forgetTyping();
        };
        return new Gateway(json,
                new WebSocketUseCases(admission, connections, connections, connections, connections, join, join, send,
                        history, assistantRuns, authentication, presence, toolResults, state, uploads, revisions,
                        reads),
                new HttpUseCases(stats, quota, history, publishing, publishing, assistantRuns, membership, membership,
                        membership, push, membership, uploads, revisions, erasing), connections, stats,
                tick, tickEvery(settings, connection), retention(settings, driven, clock), uploads, webhooks);
    }

    /**
     * How often the tick runs: often enough for the connections' timers, and for a quarter of the presence timeout
     * and of the run lease, so that this node's heartbeat and its leases are renewed several times before expiring.
     */
    private static Duration tickEvery(ParleySettings settings, ConnectionSettings connection) {
        Duration tick = HeartbeatService.tickFor(connection);
        for (Duration bound : List.of(settings.cluster().presenceTimeout().dividedBy(4),
                settings.cluster().runLease().dividedBy(4))) {
            tick = bound.compareTo(tick) < 0 ? bound : tick;
        }
        return tick;
    }

    private static Optional<RetentionService> retention(ParleySettings settings, DrivenAdapters driven, Clock clock) {
        RetentionPolicy policy = new RetentionPolicy(settings.retention().maxAge(),
                settings.retention().maxMessages());
        if (!policy.keepsEverything() && driven.store().purge().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, LogLine.event("retention_unavailable")
                    .with("store", driven.store().description())
                    .with("detail", "retention is set but this store cannot purge: nothing expires").toString());
        }
        return driven.store().purge().filter(purge -> !policy.keepsEverything())
                .map(purge -> new RetentionService(purge, driven.store().attachments(), policy, clock));
    }

    /**
     * The webhooks, when a URL is set: delivered from the JDBC store's outbox (turned on from now); without a URL the
     * outbox is turned off, so that nothing piles up for nobody.
     */
    private static Optional<WebhookService> webhookDeliveries(ParleySettings settings, DrivenAdapters driven,
                                                              Json json, Clock clock) {
        ParleySettings.Webhooks hooks = settings.webhooks();
        Optional<WebhookOutboxPort> outbox = driven.store().webhooks();
        if (!hooks.enabled()) {
            outbox.ifPresent(o -> o.enable(false, clock.instant()));
            return Optional.empty();
        }
        if (outbox.isEmpty()) {
            throw new IllegalArgumentException("PARLEY_WEBHOOK_URL needs the jdbc store (PARLEY_STORE=jdbc): "
                    + "deliveries are driven from it");
        }
        WebhookService service = new WebhookService(outbox.get(), new HttpWebhooks(hooks.url().orElseThrow(),
                hooks.secret().orElseThrow(), hooks.timeout(), json.factory(), json.eventWriter(), clock),
                new WebhookSettings(settings.server().nodeId(), hooks.lease(), hooks.maxAttempts(), hooks.retryMin(),
                        hooks.retryMax(), 100), clock);
        service.start();
        return Optional.of(service);
    }

    /**
     * The key attachment links are signed with: the configured one; else one derived from the JWT secret or the
     * server key, which every node of a cluster shares; else one made up now (a link then works on this node, until
     * it restarts).
     */
    private static byte[] linkKey(ParleySettings settings) {
        Optional<String> shared = settings.attachments().linkSecret().or(() -> settings.security().jwt().secret())
                .or(() -> settings.security().apiKey());
        if (shared.isEmpty()) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return key;
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(("parley attachment links\n" + shared.get())
                    .getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    static ConnectionSettings connectionSettings(ParleySettings s) {
        return new ConnectionSettings(s.server().nodeId(),
                new ConnectionLimits(s.connections().maxTotal(), s.connections().maxPerClient(),
                        s.connections().maxPerAddress(), s.connections().retryAfter()),
                new OriginPolicy(Set.copyOf(s.security().allowedOrigins())),
                new HeartbeatPolicy(s.heartbeat().interval(), s.heartbeat().timeout(), s.heartbeat().idleTimeout()),
                new ServerEvent.Limits(s.sizes().maxMessageBytes(), s.rateLimits().messagesPerSecond(),
                        s.sizes().maxUploadBytes()),
                s.timeouts().write(), s.timeouts().close(),
                new QueueSettings(new SlowConsumerPolicy(s.sizes().outboundQueueBytes()),
                        new DeltaMerging(s.delivery().mergeAfterBytes()), s.delivery().writeBatchBytes()),
                RateLimit.perMinute(s.connections().connectsPerMinute()).acrossCluster(),
                RateLimit.perSecond(s.rateLimits().messagesPerSecond(), 2 * s.rateLimits().messagesPerSecond()),
                ConnectionSettings.tenStrikesAMinute(),
                new ConnectionSettings.TokenTimes(s.security().authTimeout(), s.security().jwt().leeway()));
    }

    static ConversationLimits conversationLimits(ParleySettings s) {
        ContentLimit content = new ContentLimit(s.sizes().maxMessageBytes());
        return new ConversationLimits(content, s.sizes().outboundQueueBytes() / 2,
                s.connections().maxJoinsPerConnection(),
                RateLimit.perMinute(s.rateLimits().newConversationsPerMinute()).acrossCluster(),
                s.requests().aguiMaxNewMessages(),
                new RelayLimit(s.requests().maxEvents(), content, s.requests().maxEventsBytes()),
                s.security().creation());
    }
}
