package io.easgd.backend;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The backend's feature packages depend on each other without cycles, and upstream never on downstream. */
class ArchitectureTest {
    private static final JavaClasses BACKEND = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.easgd.backend");

    @Test
    void featurePackagesAreFreeOfCycles() {
        slices().matching("io.easgd.backend.(*)..").should().beFreeOfCycles().check(BACKEND);
    }

    @Test
    void agentsKnowNothingOfTheParameterServerThatListensToThem() {
        noClasses().that().resideInAPackage("..backend.agents..")
                .should().dependOnClassesThat().resideInAnyPackage("..backend.paramserver..", "..backend.jobs..")
                .check(BACKEND);
    }

    @Test
    void onlyTheDbAndRepositoriesTouchJdbcAndNothingBlocksInControllersDirectly() {
        noClasses().that().haveSimpleNameEndingWith("Controller")
                .should().dependOnClassesThat().haveFullyQualifiedName("org.springframework.jdbc.core.JdbcTemplate")
                .check(BACKEND);
    }
}
