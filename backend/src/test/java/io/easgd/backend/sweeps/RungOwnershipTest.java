package io.easgd.backend.sweeps;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.easgd.backend.jobs.JobState;
import org.junit.jupiter.api.Test;

/**
 * EarlyStopper's Javadoc claims it is the sole writer of rung decisions; and only it stops a run early (no other
 * class moves a job to STOPPED_EARLY, so the state always has its decision row).
 */
class RungOwnershipTest {
    private static final JavaClasses BACKEND = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.easgd.backend");

    @Test
    void onlyTheEarlyStopperWritesADecisionOrStopsARunEarly() {
        noClasses().that().doNotHaveFullyQualifiedName(EarlyStopper.class.getName())
                .should().callMethod(RungRepository.class, "insert", RungRepository.Decision.class)
                .check(BACKEND);
        // the state's readers count it; none of them moves a job
        noClasses().that().doNotHaveFullyQualifiedName(EarlyStopper.class.getName())
                .and().doNotHaveFullyQualifiedName(JobState.class.getName())
                .and().doNotHaveFullyQualifiedName(PaperVerdict.Outcome.class.getName())
                .and().doNotHaveFullyQualifiedName(Sweep.Counts.class.getName())
                .should().accessField(JobState.class, JobState.STOPPED_EARLY.name())
                .check(BACKEND);
    }
}
