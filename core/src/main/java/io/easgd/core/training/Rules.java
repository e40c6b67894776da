package io.easgd.core.training;

import io.easgd.core.rules.Adam;
import io.easgd.core.rules.Admm;
import io.easgd.core.rules.Averaging;
import io.easgd.core.rules.Diloco;
import io.easgd.core.rules.Downpour;
import io.easgd.core.rules.Eamsgd;
import io.easgd.core.rules.Easgd;
import io.easgd.core.rules.MDownpour;
import io.easgd.core.rules.MasterRule;
import io.easgd.core.rules.Msgd;
import io.easgd.core.rules.Publish;
import io.easgd.core.rules.Sgd;
import io.easgd.core.rules.SyncEasgd;
import io.easgd.core.rules.WorkerRule;
import io.easgd.core.spec.InnerOptimizer;
import io.easgd.core.spec.JobSpec;

/** The worker and master rules of a job spec's algorithm, with its hyperparameters. */
public final class Rules {
    private Rules() {
    }

    /**
     * The worker of the spec at its τ ({@code autoTau.initial} for auto), overlapped when the spec
     * says {@code "overlap"} (only the asynchronous rules allow it, {@code JobSpec} checks): at the
     * spec's k, or for {@code "overlap": true} at k = 1 until whoever runs it chooses k
     * ({@link AutoOverlap}, set through {@link io.easgd.core.rules.Overlapped}).
     */
    public static WorkerRule worker(JobSpec s) {
        return worker(s, s.tau());
    }

    /**
     * The worker of the spec, starting at period {@code tau}: the spec's τ, or for {@code "tau": "auto"}
     * the τ the job runs with now (a replacement or a resumed job's worker). Only an auto-τ spec may
     * start at another τ than its own.
     */
    public static WorkerRule worker(JobSpec s, int tau) {
        if (tau != s.tau() && !s.tauAuto()) {
            throw new IllegalArgumentException("tau " + tau + " differs from the spec's " + s.tau()
                    + ", which is not auto");
        }
        float eta = (float) s.eta();
        float delta = (float) s.delta();
        float a = (float) s.averagingRate();
        int k = overlapSteps(s);
        return switch (s.algorithm()) {
            case EASGD, SYNC_EASGD -> new Easgd.Worker(eta, tau, k);
            case EAMSGD, SYNC_EAMSGD -> new Eamsgd.Worker(eta, delta, tau, k);
            case DOWNPOUR, ADOWNPOUR, MVADOWNPOUR -> new Downpour.Worker(eta, tau, k);
            case MDOWNPOUR -> new MDownpour.Worker();
            case SGD -> new Publish.Worker(new Sgd.Worker(eta), s.tau());
            case MSGD -> new Publish.Worker(new Msgd.Worker(eta, delta), s.tau());
            case ASGD -> new Publish.Worker(new Averaging.Worker(new Sgd.Worker(eta), Averaging.Schedule.running()), s.tau());
            case MVASGD -> new Publish.Worker(new Averaging.Worker(new Sgd.Worker(eta), Averaging.Schedule.moving(a)), s.tau());
            case DILOCO -> new Diloco.Worker(s.innerOptimizer() == InnerOptimizer.ADAM ? new Adam.Worker(eta)
                    : new Msgd.Worker(eta, delta), tau);
            case ADMM -> new Admm.Worker(eta, s.rho().floatValue(), tau);
        };
    }

    /** The k a new worker of the spec starts with: 0 blocking, the spec's k, or 1 for auto (before any measurement). */
    static int overlapSteps(JobSpec s) {
        return s.overlapAuto() ? AutoOverlap.INITIAL : s.overlapSteps();
    }

    /** The master of the spec, rounding its replies to the spec's {@code compression}. */
    public static MasterRule master(JobSpec s) {
        MasterRule master = uncompressedMaster(s);
        master.compression(s.compression());
        return master;
    }

    private static MasterRule uncompressedMaster(JobSpec s) {
        float alpha = (float) s.alpha();
        return switch (s.algorithm()) {
            case EASGD, EAMSGD -> new Easgd.Master(alpha);
            case SYNC_EASGD, SYNC_EAMSGD -> new SyncEasgd.Master(alpha, s.workers());
            case DOWNPOUR -> new Downpour.Master();
            case ADOWNPOUR -> new Averaging.Master(new Downpour.Master(), Averaging.Schedule.running());
            case MVADOWNPOUR -> new Averaging.Master(new Downpour.Master(),
                    Averaging.Schedule.moving((float) s.averagingRate()));
            case MDOWNPOUR -> new MDownpour.Master((float) s.eta(), (float) s.delta());
            case SGD, MSGD -> new Publish.Master();
            case ASGD, MVASGD -> new Publish.AveragedMaster();
            case DILOCO -> new Diloco.Master(s.outerLr().floatValue(), s.outerMomentum().floatValue(), s.workers());
            case ADMM -> new Admm.Master((float) s.eta(), s.rho().floatValue(), s.workers());
        };
    }

    /**
     * Floats per exchange, {@code {up, down}}, of the spec's algorithm for a model of {@code n}
     * parameters, as {@link WorkerRule#payloadFloats()} of an initialised worker says: N each way for
     * the distributed rules (DILOCO: Δ_i up, x̃ down; ADMM: b up, x̃ down); N up and nothing down for SGD and MSGD, which publish x; 2N up and
     * nothing down for ASGD and MVASGD, which publish [x | z].
     */
    public static int[] payload(JobSpec s, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, found " + n);
        }
        return switch (s.algorithm()) {
            case EASGD, EAMSGD, SYNC_EASGD, SYNC_EAMSGD, DOWNPOUR, ADOWNPOUR, MVADOWNPOUR, MDOWNPOUR, DILOCO, ADMM ->
                    new int[] {n, n};
            case SGD, MSGD -> new int[] {n, 0};
            case ASGD, MVASGD -> new int[] {2 * n, 0};
        };
    }
}
