package io.easgd.backend.faults;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** FaultLab's Javadoc claims it is the one owner of every fault's state: nothing else changes or writes one. */
class FaultOwnershipTest {
    private static final JavaClasses BACKEND = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.easgd.backend");

    @Test
    void onlyTheFaultLabMovesAFaultOnOrWritesIt() {
        noClasses().that().doNotHaveFullyQualifiedName(FaultLab.class.getName())
                .and().doNotHaveFullyQualifiedName(Fault.class.getName())
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "a state change of a Fault or a write of one",
                        call -> (call.getTargetOwner().isEquivalentTo(Fault.class)
                                && java.util.Set.of("with", "injected", "undone", "healed").contains(call.getName()))
                                || (call.getTargetOwner().isEquivalentTo(FaultRepository.class)
                                && java.util.Set.of("update", "insert", "scheduleState").contains(call.getName()))))
                .check(BACKEND);
    }
}
