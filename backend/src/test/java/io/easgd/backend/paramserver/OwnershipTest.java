package io.easgd.backend.paramserver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.easgd.backend.agents.AgentSession;
import io.easgd.backend.jobs.JobRepository;
import io.easgd.core.protocol.ToAgent;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The ownership claims of the parameter server's Javadocs, checked on the production classes: each
 * piece of state that changes while a job runs has one writer, and policy classes only decide.
 */
class OwnershipTest {
    private static final JavaClasses BACKEND = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.easgd.backend");

    /** Calls to methods of {@code owner} named in {@code names} (all its void methods when names is empty). */
    private static DescribedPredicate<JavaMethodCall> callsTo(Class<?> owner, Set<String> names) {
        return DescribedPredicate.describe("calls to " + owner.getSimpleName() + (names.isEmpty() ? "'s void methods"
                : "." + names), call -> call.getTarget().getOwner().isEquivalentTo(owner)
                && (names.isEmpty() ? call.getTarget().getRawReturnType().isEquivalentTo(void.class)
                : names.contains(call.getName())));
    }

    private static ArchCondition<JavaClass> onlyBeCalledFrom(DescribedPredicate<JavaMethodCall> calls,
                                                             Class<?>... writers) {
        return new ArchCondition<>("have " + calls.getDescription() + " only from " + names(writers)) {
            @Override
            public void check(JavaClass clazz, ConditionEvents events) {
                if (allowed(clazz, writers)) {
                    return;
                }
                for (JavaMethodCall call : clazz.getMethodCallsFromSelf()) {
                    if (calls.test(call)) {
                        events.add(SimpleConditionEvent.violated(call, call.getDescription()));
                    }
                }
            }
        };
    }

    private static boolean allowed(JavaClass clazz, Class<?>... writers) {
        for (Class<?> w : writers) {
            if (clazz.isEquivalentTo(w) || clazz.getName().startsWith(w.getName() + "$")) {
                return true;
            }
        }
        return false;
    }

    private static String names(Class<?>... classes) {
        StringBuilder b = new StringBuilder();
        for (Class<?> c : classes) {
            b.append(b.length() == 0 ? "" : ", ").append(c.getSimpleName());
        }
        return b.toString();
    }

    @Test
    void onlyTheSupervisorChangesAWorkerSlot() {
        classes().should(onlyBeCalledFrom(callsTo(WorkerSlot.class, Set.of()), WorkerSupervisor.class, WorkerSlot.class))
                .check(BACKEND);
    }

    @Test
    void slotStatesAreComparedInsideWorkerSlotOnly() {
        noClasses().that().doNotHaveFullyQualifiedName(WorkerSlot.class.getName())
                .and().doNotHaveFullyQualifiedName(WorkerSlot.State.class.getName())
                .should().accessFieldWhere(DescribedPredicate.describe("a field of WorkerSlot.State",
                        (JavaFieldAccess a) -> a.getTarget().getOwner().isEquivalentTo(WorkerSlot.State.class)))
                .check(BACKEND);
    }

    @Test
    void aRanksUploadsAreTheExchangeServicesAndItsHolderTheSupervisors() {
        classes().should(onlyBeCalledFrom(callsTo(RankExchange.class, Set.of("accept", "applied", "abandon",
                "sendReply")), ExchangeService.class)).check(BACKEND);
        classes().should(onlyBeCalledFrom(callsTo(RankExchange.class, Set.of("restart", "reconnected", "joined",
                "countDown")), WorkerSupervisor.class, WorkerSlot.class)).check(BACKEND);
    }

    @Test
    void onlyAutoTauControlChangesAnAutoTauRunAndOnlyTheFlusherItsWriteBackFlag() {
        classes().should(onlyBeCalledFrom(callsTo(AutoTauRun.class, Set.of("set", "measuredStep", "measuredExchange",
                "sent", "changedAt", "joined")), AutoTauControl.class)).check(BACKEND);
        classes().should(onlyBeCalledFrom(callsTo(AutoTauRun.class, Set.of("takeDirty", "markDirty")),
                MetricFlusher.class)).check(BACKEND);
    }

    @Test
    void onlyTheSupervisorFeedsAJobsWorkerTimes() {
        classes().should(onlyBeCalledFrom(callsTo(WorkerTimes.class, Set.of("progress")), WorkerSupervisor.class))
                .check(BACKEND);
    }

    @Test
    void onlyTheLifecycleAddsAndRemovesRunsAndChangesTheirPhaseAndScores() {
        classes().should(onlyBeCalledFrom(callsTo(Runs.class, Set.of("add", "remove", "stopping")),
                RunLifecycle.class)).check(BACKEND);
        classes().should(onlyBeCalledFrom(callsTo(RunPhase.class, Set.of("start", "end")), RunLifecycle.class))
                .check(BACKEND);
        classes().should(onlyBeCalledFrom(callsTo(RunScores.class, Set.of()), RunLifecycle.class)).check(BACKEND);
    }

    @Test
    void anAgentsAssignmentIsWrittenAndBuiltInAssignmentsOnly() {
        classes().should(onlyBeCalledFrom(callsTo(AgentSession.class, Set.of("assign", "assignIfIdle", "release")),
                Assignments.class)).check(BACKEND);
        noClasses().that().doNotHaveFullyQualifiedName(Assignments.class.getName())
                .should().callConstructorWhere(DescribedPredicate.describe("a constructor of ToAgent.Assign",
                        c -> c.getTarget().getOwner().isEquivalentTo(ToAgent.Assign.class)))
                .check(BACKEND);
    }

    @Test
    void theParameterServerMovesJobsThroughJobTransitionsOnly() {
        noClasses().that().resideInAPackage("..paramserver..")
                .and().doNotHaveFullyQualifiedName(JobTransitions.class.getName())
                .should().callMethodWhere(DescribedPredicate.describe("JobRepository.transition",
                        (JavaMethodCall c) -> c.getTarget().getOwner().isEquivalentTo(JobRepository.class)
                                && c.getName().equals("transition")))
                .check(BACKEND);
    }

    @Test
    void productionClassesHaveOneConstructor() {
        classes().that().resideInAPackage("io.easgd.backend..").and().areNotEnums().and().areNotRecords()
                .and().areNotInterfaces()
                .and().areNotAssignableTo(Throwable.class)
                .should(new ArchCondition<>("have at most one constructor") {
                    @Override
                    public void check(JavaClass clazz, ConditionEvents events) {
                        int n = clazz.getConstructors().size();
                        if (n > 1) {
                            events.add(SimpleConditionEvent.violated(clazz, clazz.getName() + " has " + n
                                    + " constructors"));
                        }
                    }
                }).check(BACKEND);
    }

}
