package io.parley.application.run;

import java.time.Duration;

import io.parley.domain.connection.UserId;
import io.parley.domain.conversation.ContentLimit;

/**
 * How assistant runs are made.
 *
 * @param contextMessages how many of the conversation's latest messages the assistant sees (20)
 * @param assistant the sender of the assistant's stored messages
 * @param reply the largest reply text: a run whose reply grows past it ends with {@code RUN_ERROR too_large}
 * @param interruptTtl how long a run's interrupt (a tool call awaiting approval) may be resolved (10 minutes)
 */
public record RunSettings(int contextMessages, UserId assistant, ContentLimit reply, Duration interruptTtl) {
    public RunSettings {
        if (contextMessages < 1 || contextMessages > 1000) {
            throw new IllegalArgumentException("context must be 1..1000 messages");
        }
        if (assistant == null || reply == null || interruptTtl == null || interruptTtl.isNegative()) {
            throw new IllegalArgumentException("the assistant needs a user id, a reply bound and an interrupt ttl");
        }
    }

    /** Settings with interrupts that expire after the protocol's 10 minutes. */
    public RunSettings(int contextMessages, UserId assistant, ContentLimit reply) {
        this(contextMessages, assistant, reply, DEFAULT_INTERRUPT_TTL);
    }

    /** How long an interrupt may be resolved unless configured otherwise. */
    public static final Duration DEFAULT_INTERRUPT_TTL = Duration.ofMinutes(10);

    /** The protocol's defaults: the last 20 messages, sent by {@code assistant}, replies of up to 64 KiB. */
    public static RunSettings defaults() {
        return new RunSettings(20, new UserId("assistant"), new ContentLimit(64 * 1024));
    }
}
