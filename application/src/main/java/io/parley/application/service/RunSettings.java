package io.parley.application.service;

import io.parley.domain.connection.UserId;

/**
 * How assistant runs are made.
 *
 * @param contextMessages how many of the conversation's latest messages the assistant sees (20)
 * @param assistant the sender of the assistant's stored messages
 */
public record RunSettings(int contextMessages, UserId assistant) {
    public RunSettings {
        if (contextMessages < 1 || contextMessages > 1000) {
            throw new IllegalArgumentException("context must be 1..1000 messages");
        }
        if (assistant == null) {
            throw new IllegalArgumentException("the assistant needs a user id");
        }
    }

    /** The protocol's defaults: the last 20 messages, sent by {@code assistant}. */
    public static RunSettings defaults() {
        return new RunSettings(20, new UserId("assistant"));
    }
}
