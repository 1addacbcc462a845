package io.parley.bootstrap;

import java.lang.System.Logger.Level;

import io.helidon.logging.common.LogConfig;

import io.parley.domain.LogLine;

/** Starts Parley with the settings of {@code application.yaml} and the environment; stops it on SIGTERM. */
public final class Main {
    static {
        // By name: touching the class itself would initialize java.util.logging.LogManager before this is set.
        System.setProperty("java.util.logging.manager", "io.parley.bootstrap.ShutdownSafeLogManager");
    }

    private static final System.Logger LOG = System.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        ParleySettings settings;
        try {
            settings = SettingsLoader.load(System.getenv());
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, LogLine.event("bad_settings").with("detail", e.getMessage()).toString());
            System.exit(2);
            return;
        }
        Parley parley = Parley.start(settings);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("parley-shutdown").unstarted(() -> {
            parley.stop();
            if (java.util.logging.LogManager.getLogManager() instanceof ShutdownSafeLogManager logs) {
                logs.resetNow();
            }
        }));
    }
}
