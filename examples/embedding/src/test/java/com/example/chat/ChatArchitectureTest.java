package com.example.chat;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

import io.parley.architecture.EmbeddedAdapterRules;

/**
 * Parley's rules for embedding applications, on this one: its adapters implement Parley's ports without reaching
 * into its core or its own adapters, and only {@link ChatApplication} wires.
 */
@AnalyzeClasses(packages = "com.example.chat")
class ChatArchitectureTest {

    @ArchTest
    static final ArchTests PARLEY = ArchTests.in(EmbeddedAdapterRules.class);
}
