package io.parley.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;

/** House rules: log through {@code System.Logger}, never print; throw what says what went wrong. */
@AnalyzeClasses(packages = "io.parley", importOptions = ImportOption.DoNotIncludeTests.class)
class CodingRulesTest {

    @ArchTest
    static final ArchRule noPrinting = NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

    @ArchTest
    static final ArchRule noGenericExceptions = NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;

    @ArchTest
    static final ArchRule loggingGoesThroughSystemLogger = noClasses()
            .that().doNotHaveFullyQualifiedName("io.parley.bootstrap.ShutdownSafeLogManager")
            .and().doNotHaveFullyQualifiedName("io.parley.bootstrap.Main")
            .should().dependOnClassesThat().resideInAPackage("java.util.logging..")
            .because("System.Logger keeps the backend bootstrap's choice");
}
