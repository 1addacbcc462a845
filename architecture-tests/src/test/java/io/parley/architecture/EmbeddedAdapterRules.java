package io.parley.architecture;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The rules an application that embeds Parley runs against its own adapters; they ship in this module's test jar
 * ({@code parley-architecture-tests}, type {@code test-jar}). Include them in an ArchUnit test over the
 * application's packages:
 *
 * <pre>{@code
 * @AnalyzeClasses(packages = "com.example.chat")
 * class ChatArchitectureTest {
 *     @ArchTest
 *     static final ArchTests PARLEY = ArchTests.in(EmbeddedAdapterRules.class);
 * }
 * }</pre>
 *
 * An application's adapter implements Parley's driven ports (and may drive its use cases, as a fan-out hands
 * other nodes' events to {@code DeliverLocallyUseCase}); it does not reach into the core, nor into
 * Parley's own adapters, which may change in any release. Only its wiring uses {@code io.parley.bootstrap}.
 */
public final class EmbeddedAdapterRules {

    @ArchTest
    public static final ArchRule adaptersUsePortsNotTheCore = noClasses()
            .that().resideOutsideOfPackage("io.parley..")
            .should().dependOnClassesThat().resideInAnyPackage("io.parley.application.service..",
                    "io.parley.application.delivery..", "io.parley.application.run..")
            .because("Parley's core is reached through its ports; its services are Parley's to change");

    @ArchTest
    public static final ArchRule adaptersDoNotUseParleysAdapters = noClasses()
            .that().resideOutsideOfPackage("io.parley..")
            .should().dependOnClassesThat().resideInAnyPackage("io.parley.adapter.in..", "io.parley.adapter.out..")
            .because("an adapter replaces one of Parley's, it does not build on it (io.parley.adapter.common is "
                    + "the library adapters share)");

    @ArchTest
    public static final ArchRule adaptersDoNotWire = noClasses()
            .that().resideOutsideOfPackage("io.parley..")
            .and().implement(com.tngtech.archunit.base.DescribedPredicate.describe("a Parley driven port",
                    c -> c.getPackageName().startsWith("io.parley.application.port.out")))
            .should().dependOnClassesThat().resideInAPackage("io.parley.bootstrap..")
            .because("wiring is the application's composition root, not its adapters'");

    private EmbeddedAdapterRules() {
    }
}
