package io.parley.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules embedding teams run catch what they are there for, shown on an adapter that breaks each. */
class EmbeddedAdapterRulesTest {
    private final JavaClasses violations = new ClassFileImporter().importPackages("example.violations");

    @Test
    void anAdapterThatReachesIntoTheCoreIsCaught() {
        assertViolated(EmbeddedAdapterRules.adaptersUsePortsNotTheCore, "ConversationLimits");
    }

    @Test
    void anAdapterThatBuildsOnParleysOwnAdaptersIsCaught() {
        assertViolated(EmbeddedAdapterRules.adaptersDoNotUseParleysAdapters, "InMemoryConversationStore");
    }

    @Test
    void anAdapterThatWiresIsCaught() {
        assertViolated(EmbeddedAdapterRules.adaptersDoNotWire, "Parley");
    }

    private void assertViolated(ArchRule rule, String culprit) {
        EvaluationResult result = rule.evaluate(violations);
        assertTrue(result.hasViolation(), rule.getDescription() + " saw nothing wrong");
        assertTrue(result.getFailureReport().toString().contains(culprit), result.getFailureReport().toString());
    }
}
