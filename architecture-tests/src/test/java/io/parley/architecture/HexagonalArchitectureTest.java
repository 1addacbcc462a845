package io.parley.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The hexagon's shape: a pure domain, an application that knows only the domain, adapters that know the
 * application's ports but not its core nor each other, the adapter libraries ({@code io.parley.adapter.common})
 * that adapters share, and a bootstrap that alone knows everything. {@code docs/architecture.md} lists each rule
 * with what it keeps.
 */
@AnalyzeClasses(packages = "io.parley", importOptions = ImportOption.DoNotIncludeTests.class)
class HexagonalArchitectureTest {
    private static final String[] JDK_CORE = {"java.lang..", "java.util..", "java.time..", "java.math.."};

    @ArchTest
    static final ArchRule domainUsesOnlyTheJdkCore = classes().that().resideInAPackage("io.parley.domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(concat(JDK_CORE, "io.parley.domain.."))
            .because("the domain is plain Java: types, values and policies");

    @ArchTest
    static final ArchRule applicationUsesOnlyTheDomainAndTheJdkCore = classes()
            .that().resideInAPackage("io.parley.application..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    concat(JDK_CORE, "io.parley.domain..", "io.parley.application.."))
            .because("use cases know no framework; infrastructure is behind driven ports");

    @ArchTest
    static final ArchRule adaptersDoNotKnowEachOther = slices()
            .matching("io.parley.adapter.(in|out).(*)..").namingSlices("adapter $2")
            .should().notDependOnEachOther()
            .because("an adapter can be replaced without touching another; what they share is adapter.common");

    @ArchTest
    static final ArchRule adaptersUsePortsNotTheCore = noClasses().that().resideInAPackage("io.parley.adapter..")
            .should().dependOnClassesThat().resideInAnyPackage("io.parley.application.service..",
                    "io.parley.application.delivery..", "io.parley.application.run..")
            .because("adapters drive use case ports and implement driven ports; only bootstrap wires the core");

    @ArchTest
    static final ArchRule adapterLibrariesAreNoAdapters = noClasses()
            .that().resideInAPackage("io.parley.adapter.common..")
            .should().dependOnClassesThat().resideInAnyPackage("io.parley.adapter.in..", "io.parley.adapter.out..")
            .because("a library both adapters may use knows neither");

    @ArchTest
    static final ArchRule theDeliveryCoreKnowsNoUseCaseService = noClasses()
            .that().resideInAnyPackage("io.parley.application.delivery..", "io.parley.application.run..")
            .should().dependOnClassesThat().resideInAPackage("io.parley.application.service..")
            .because("services use the delivery core and the runs, not the other way round");

    @ArchTest
    static final ArchRule theDeliveryCoreKnowsNoRun = noClasses()
            .that().resideInAPackage("io.parley.application.delivery..")
            .should().dependOnClassesThat().resideInAPackage("io.parley.application.run..")
            .because("delivery carries any event; a run is one thing that produces them");

    @ArchTest
    static final ArchRule useCasesAreImplementedInTheCore = classes()
            .that().implement(useCasePort()).and().resideInAPackage("io.parley..")
            .should().resideInAnyPackage("io.parley.application.service..", "io.parley.application.delivery..")
            .because("a use case is carried out by the application, whichever adapter drives it");

    @ArchTest
    static final ArchRule theCoreIsPublicOnlyAsUseCasesAndSettings = classes()
            .that().resideInAPackage("io.parley.application.service..").and().arePublic()
            .and().areTopLevelClasses()
            .should().implement(useCasePort()).orShould().beRecords()
            .because("bootstrap builds services from settings records; everything else is the services' own");

    @ArchTest
    static final ArchRule useCasesAnswerWithOutcome = methods()
            .that().areDeclaredInClassesThat().resideInAPackage("io.parley.application.port.in..")
            .and().areDeclaredInClassesThat().haveSimpleNameEndingWith("UseCase")
            .should(returnNoSealedTypeButOutcome())
            .because("one result shape for every driving port: a use case that can refuse answers with Outcome");

    @ArchTest
    static final ArchRule onlyBootstrapKnowsAdapters = noClasses()
            .that().resideOutsideOfPackages("io.parley.adapter..", "io.parley.bootstrap..")
            .should().dependOnClassesThat().resideInAPackage("io.parley.adapter..");

    @ArchTest
    static final ArchRule nobodyKnowsBootstrap = noClasses().that().resideOutsideOfPackage("io.parley.bootstrap..")
            .should().dependOnClassesThat().resideInAPackage("io.parley.bootstrap..");

    @ArchTest
    static final ArchRule jdbcOnlyInThePersistenceAdapter = noClasses()
            .that().resideOutsideOfPackage("io.parley.adapter.out.persistence..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "io.helidon.dbclient..");

    @ArchTest
    static final ArchRule websocketOnlyInTheWebSocketAdapter = noClasses()
            .that().resideOutsideOfPackage("io.parley.adapter.in.websocket..")
            .should().dependOnClassesThat().resideInAnyPackage("io.helidon.websocket..",
                    "io.helidon.webserver.websocket..");

    @ArchTest
    static final ArchRule webClientOnlyInTheAssistantAdapter = noClasses()
            .that().resideOutsideOfPackage("io.parley.adapter.out.assistant..")
            .should().dependOnClassesThat().resideInAPackage("io.helidon.webclient..");

    @ArchTest
    static final ArchRule joseOnlyInTheIdentityAdapter = noClasses()
            .that().resideOutsideOfPackage("io.parley.adapter.out.identity..")
            .should().dependOnClassesThat().resideInAPackage("com.nimbusds..")
            .because("tokens are verified behind the identity port; nobody else parses or signs them");

    @ArchTest
    static final ArchRule redisOnlyInTheClusterAdapter = noClasses()
            .that().resideOutsideOfPackage("io.parley.adapter.out.cluster..")
            .should().dependOnClassesThat().resideInAnyPackage("io.lettuce..", "io.github.bucket4j.redis..")
            .because("the other nodes are reached behind the fan-out, presence, counts and rate-limit ports; "
                    + "bootstrap wires the cluster adapter's classes, never Redis itself");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.parley.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule drivingPortsAreUseCases = classes()
            .that().resideInAPackage("io.parley.application.port.in..").and().areInterfaces()
            .and(notSealed()).and().areTopLevelClasses()
            .should().haveSimpleNameEndingWith("UseCase").orShould().haveSimpleNameEndingWith("Session")
            .because("a driving port is a use case, or the session one opens (an open connection)");

    @ArchTest
    static final ArchRule drivenPortsArePorts = classes()
            .that().resideInAPackage("io.parley.application.port.out..").and().areInterfaces()
            .and(notSealed()).and().areTopLevelClasses()
            .should().haveSimpleNameEndingWith("Port");

    @ArchTest
    static final ArchRule domainStateIsImmutable = fields().that().areDeclaredInClassesThat()
            .resideInAPackage("io.parley.domain..")
            .and().areNotStatic()
            .should().beFinal()
            .because("domain types are records or values with final fields");

    @ArchTest
    static final ArchRule servicesImplementUseCases = classes()
            .that().resideInAPackage("io.parley.application.service..").and().haveSimpleNameEndingWith("Service")
            .should().implement(useCasePort());

    /** The throttles' decisions are asked before a use case, not instead of one; they are the one exception. */
    private static ArchCondition<JavaMethod> returnNoSealedTypeButOutcome() {
        return new ArchCondition<>("return no sealed type but Outcome") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                JavaClass returned = method.getRawReturnType();
                boolean sealed = returned.isInterface() && returned.reflect().isSealed();
                boolean allowed = returned.getSimpleName().equals("Outcome")
                        || returned.getSimpleName().equals("RequestAdmission");
                if (sealed && !allowed) {
                    events.add(SimpleConditionEvent.violated(method, method.getFullName() + " returns "
                            + returned.getName() + ", a sealed result of its own"));
                }
            }
        };
    }

    private static DescribedPredicate<JavaClass> notSealed() {
        return DescribedPredicate.describe("are not sealed", c -> !c.reflect().isSealed());
    }

    private static DescribedPredicate<JavaClass> useCasePort() {
        return DescribedPredicate.describe("a use case port", c -> c.getSimpleName().endsWith("UseCase")
                && c.getPackageName().startsWith("io.parley.application.port.in")
                && !c.getModifiers().contains(JavaModifier.FINAL));
    }

    private static String[] concat(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
