package io.easgd.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** core is plain Java + DL4J: no Spring, no cycles, and the rules depend on nothing but themselves. */
class ArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.easgd.core");

    @Test
    void noSpring() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(CORE);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("io.easgd.core.(*)..").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void theRulesArePureArithmetic() {
        noClasses().that().resideInAPackage("..core.rules..")
                .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..",
                        "com.fasterxml..", "io.easgd.core.spec..", "io.easgd.core.training..")
                .check(CORE);
    }
}
