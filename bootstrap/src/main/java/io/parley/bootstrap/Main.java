package io.parley.bootstrap;

import java.lang.System.Logger.Level;
import java.util.List;

import io.helidon.logging.common.LogConfig;

import io.parley.adapter.out.persistence.jdbc.StoreUnusableException;
import io.parley.domain.LogLine;

/**
 * Starts Parley with the settings of {@code application.yaml} and the environment; stops it on SIGTERM. Exits with
 * 2 when the settings are invalid, and with 3 when the conversation store cannot be used (one
 * {@code store_unusable} line says why and which variable to change). {@code java -jar parley.jar token …} prints a
 * token instead ({@link TokenCommand}).
 */
public final class Main {
    static {
        // By name: touching the class itself would initialize java.util.logging.LogManager before this is set.
        System.setProperty("java.util.logging.manager", "io.parley.bootstrap.ShutdownSafeLogManager");
    }

    private static final System.Logger LOG = System.getLogger(Main.class.getName());
    private static final int EXIT_BAD_SETTINGS = 2;
    private static final int EXIT_STORE_UNUSABLE = 3;

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("token")) {
            System.exit(TokenCommand.run(List.of(args).subList(1, args.length), System.getenv()));
            return;
        }
        LogConfig.configureRuntime();
        ParleySettings settings;
        try {
            settings = SettingsLoader.load(System.getenv());
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, LogLine.event("bad_settings").with("detail", e.getMessage()).toString());
            System.exit(EXIT_BAD_SETTINGS);
            return;
        }
        Parley parley;
        try {
            parley = Parley.start(settings);
        } catch (StoreUnusableException e) {
            LOG.log(Level.ERROR, LogLine.event("store_unusable").with("detail", StoreWiring.explain(e)).toString());
            LOG.log(Level.DEBUG, "store_unusable", e);
            System.exit(EXIT_STORE_UNUSABLE);
            return;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("parley-shutdown").unstarted(() -> {
            parley.stop();
            if (java.util.logging.LogManager.getLogManager() instanceof ShutdownSafeLogManager logs) {
                logs.resetNow();
            }
        }));
    }
}
