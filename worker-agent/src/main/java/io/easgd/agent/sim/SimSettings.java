package io.easgd.agent.sim;

import io.easgd.core.spec.JobSpec;
import io.easgd.core.spec.Simulate;
import java.util.function.DoubleSupplier;

/**
 * What a simulated run uses, resolved: p, the link, the step time (given, or measured here) and the
 * jitter (given, or the engine's measured coefficient), each with whether it was measured, as the
 * agent reports them in {@code simStarted}.
 */
record SimSettings(int workers, String link, double stepMs, boolean stepMsMeasured, double jitter,
                   boolean jitterMeasured) {

    static SimSettings resolve(JobSpec spec, DoubleSupplier measureStepMs) {
        Simulate sim = spec.simulate();
        boolean stepMeasured = sim.stepMeasured();
        double stepMs = stepMeasured ? measureStepMs.getAsDouble() : sim.stepMs();
        boolean jitterMeasured = sim.jitter() == null;        // "measured": the documented coefficient of real agents
        return new SimSettings(sim.workers(), sim.link(), stepMs, stepMeasured, sim.jitterOrMeasured(), jitterMeasured);
    }
}
