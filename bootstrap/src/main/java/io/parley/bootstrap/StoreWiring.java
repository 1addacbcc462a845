package io.parley.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.helidon.health.HealthCheckResponse;

import io.parley.adapter.out.persistence.attachment.FileAttachments;
import io.parley.adapter.out.persistence.jdbc.JdbcStorage;
import io.parley.adapter.out.persistence.jdbc.JdbcStoreSettings;
import io.parley.adapter.out.persistence.jdbc.JdbcStores;
import io.parley.adapter.out.persistence.jdbc.StoreUnusableException;
import io.parley.adapter.out.persistence.memory.InMemoryConversationStore;
import io.parley.adapter.out.persistence.resilience.ResilienceSettings;
import io.parley.adapter.out.persistence.resilience.StoreStatus;
import io.parley.application.port.out.AttachmentStorePort;
import io.parley.application.port.out.ConversationStatePort;
import io.parley.application.port.out.ConversationStorePort;
import io.parley.application.port.out.ConversationToolsPort;
import io.parley.application.port.out.PurgeMessagesPort;
import io.parley.application.port.out.RunLeasePort;
import io.parley.application.run.LocalConversationStates;
import io.parley.application.run.LocalConversationTools;
import io.parley.application.run.LocalRunLeases;

/** Opens the configured conversation store: JDBC (H2 or PostgreSQL) behind fault tolerance, or in memory. */
final class StoreWiring implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StoreWiring.class.getName());

    private final ConversationStorePort store;
    private final Optional<JdbcStorage> jdbc;
    private final Optional<PurgeMessagesPort> purge;
    private final String description;
    private final RunLeasePort runLeases;
    private final ConversationStatePort states;
    private final ConversationToolsPort tools;
    private final AttachmentStorePort attachments;
    private final Optional<Path> temporary;

    private StoreWiring(ConversationStorePort store, Optional<JdbcStorage> jdbc, Optional<PurgeMessagesPort> purge,
                        String description, ParleySettings.Attachments files, Optional<AttachmentStorePort> own) {
        this.store = store;
        this.jdbc = jdbc;
        if (own.isPresent()) {
            this.attachments = own.get();
            this.temporary = Optional.empty();
        } else if (files.inFiles()) {
            this.attachments = new FileAttachments(files.directory());
            this.temporary = Optional.empty();
        } else if (jdbc.isPresent()) {
            this.attachments = jdbc.get().attachments();
            this.temporary = Optional.empty();
        } else {
            this.temporary = Optional.of(temporaryDirectory());
            this.attachments = new FileAttachments(temporary.get());
        }
        this.runLeases = jdbc.<RunLeasePort>map(JdbcStorage::runLeases).orElseGet(LocalRunLeases::new);
        this.states = jdbc.<ConversationStatePort>map(JdbcStorage::states).orElseGet(LocalConversationStates::new);
        this.tools = jdbc.<ConversationToolsPort>map(JdbcStorage::tools).orElseGet(LocalConversationTools::new);
        this.purge = purge;
        this.description = description;
    }

    /**
     * An application's own store, with its purge if it has one (without, retention settings have no effect); its
     * owner closes it.
     */
    static StoreWiring custom(ConversationStorePort store, Optional<PurgeMessagesPort> purge,
                              ParleySettings.Attachments files, Optional<AttachmentStorePort> attachments) {
        return new StoreWiring(store, Optional.empty(), purge, "custom", files, attachments);
    }

    /**
     * The configured store; uploads go to its database ({@code jdbc}), to a temporary directory removed at close
     * ({@code memory}), or to the files directory when the attachment settings say so (or to {@code attachments}).
     */
    static StoreWiring open(ParleySettings.Store settings, ParleySettings.Attachments files,
                            Optional<AttachmentStorePort> attachments) {
        if (settings.inMemory()) {
            return new StoreWiring(new InMemoryConversationStore(), Optional.empty(), Optional.empty(), "memory",
                    files, attachments);
        }
        JdbcStorage storage = JdbcStores.open(new JdbcStoreSettings(settings.url(), settings.user(),
                settings.password(), settings.poolSize(), settings.connectionTimeout(), settings.maxBatch(),
                new ResilienceSettings(settings.retries(), settings.retryDelay(), settings.retryBudget(),
                        settings.breakerFailures(), settings.breakerOpenFor())));
        String kind = settings.url().startsWith("jdbc:h2:") ? "h2" : settings.url().startsWith("jdbc:postgresql:")
                ? "postgresql" : "jdbc";
        return new StoreWiring(storage.conversations(), Optional.of(storage), Optional.of(storage.purge()), kind,
                files, attachments);
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("parley-attachments-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary directory for attachments", e);
        }
    }

    /**
     * What {@code e} says, with the environment variables to change instead of the adapter's names for them, for
     * the one line logged when the store cannot be used.
     */
    static String explain(StoreUnusableException e) {
        return e.problem() + "; check " + e.settings().stream().map(StoreWiring::variable)
                .collect(Collectors.joining(" and "));
    }

    private static String variable(JdbcStoreSettings.Setting setting) {
        String key = switch (setting) {
            case URL -> "parley.store.url";
            case USER -> "parley.store.user";
            case PASSWORD -> "parley.store.password";
        };
        return EnvironmentVariable.ALL.stream().filter(v -> v.key().equals(key)).map(EnvironmentVariable::name)
                .findFirst().orElse(key);
    }

    ConversationStorePort conversations() {
        return store;
    }

    /** The purge port, where the store can purge (the in-memory one keeps everything). */
    Optional<PurgeMessagesPort> purge() {
        return purge;
    }

    /**
     * The run leases: the store's, where it keeps them (the JDBC store, so that several nodes share them), else
     * this node's memory.
     */
    RunLeasePort runLeases() {
        return runLeases;
    }

    /** The conversations' shared states: the store's, where it keeps them (JDBC), else this node's memory. */
    ConversationStatePort states() {
        return states;
    }

    /** The tools backends set for conversations: the store's (JDBC), else this node's memory. */
    ConversationToolsPort tools() {
        return tools;
    }

    /** Where uploads' bytes go. */
    AttachmentStorePort attachments() {
        return attachments;
    }

    /** {@code h2}, {@code postgresql}, {@code memory} or {@code custom}. */
    String description() {
        return description;
    }

    /** Readiness of the store: reachable, and its circuit not open. */
    HealthCheckResponse health() {
        if (jdbc.isEmpty()) {
            return HealthCheckResponse.builder().status(true).detail("kind", description).build();
        }
        StoreStatus status = jdbc.get().status();
        return HealthCheckResponse.builder().status(status.isUp()).detail("kind", description)
                .detail("circuit", status.breaker().wireName()).build();
    }

    /** The store's circuit for a gauge: 0 closed, 1 half open, 2 open (always 0 in memory and for a custom store). */
    int circuit() {
        return jdbc.map(j -> j.circuitState().gaugeValue()).orElse(0);
    }

    @Override
    public void close() {
        jdbc.ifPresent(JdbcStorage::close);
        temporary.ifPresent(StoreWiring::removeQuietly);
    }

    private static void removeQuietly(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "could not remove " + directory + ": " + e.getMessage());
        }
    }
}
