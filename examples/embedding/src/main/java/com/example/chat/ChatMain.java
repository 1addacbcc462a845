package com.example.chat;

import io.helidon.logging.common.LogConfig;

/**
 * Runs {@link ChatApplication} as a process, with Parley's settings from the environment, and stops it (Parley
 * first, then the server) on SIGTERM or Ctrl-C. Apart from the application so that the log manager is chosen
 * before any logger exists: Parley's keeps logging while shutdown hooks run, where the JDK's would already have
 * dropped the drain and stop lines.
 */
public final class ChatMain {
    static {
        // By name: touching the class would initialize java.util.logging.LogManager before this is set.
        System.setProperty("java.util.logging.manager", "io.parley.bootstrap.ShutdownSafeLogManager");
    }

    private ChatMain() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        ChatApplication application = ChatApplication.start(System.getenv());
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("chat-shutdown")
                .unstarted(application::stop));
    }
}
