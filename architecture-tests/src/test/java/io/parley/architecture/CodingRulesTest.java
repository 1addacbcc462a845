package io.parley.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;

/** House rules: log through {@code System.Logger} (a command's output aside); throw what says what failed. */
@AnalyzeClasses(packages = "io.parley", importOptions = ImportOption.DoNotIncludeTests.class)
class CodingRulesTest {

    @ArchTest
    static final ArchRule noPrinting = noClasses()
            .that().doNotHaveFullyQualifiedName("io.parley.bootstrap.TokenCommand")
            .should(ACCESS_STANDARD_STREAMS)
            .because("logs go through System.Logger; the token command's output is the token on standard output");

    @ArchTest
    static final ArchRule noGenericExceptions = NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;

    @ArchTest
    static final ArchRule loggingGoesThroughSystemLogger = noClasses()
            .that().doNotHaveFullyQualifiedName("io.parley.bootstrap.ShutdownSafeLogManager")
            .and().doNotHaveFullyQualifiedName("io.parley.bootstrap.Main")
            .and().doNotHaveFullyQualifiedName("io.parley.bootstrap.LogFormat") // logging.properties names it
            .should().dependOnClassesThat().resideInAPackage("java.util.logging..")
            .because("System.Logger keeps the backend bootstrap's choice");
}
