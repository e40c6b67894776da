package io.easgd.core.spec;

/** The methods the paper compares, with what each needs from a job spec. */
public enum Algorithm {
    EASGD(Kind.ELASTIC, false),
    EAMSGD(Kind.ELASTIC, true),
    DOWNPOUR(Kind.PUSH_PULL, false),
    MDOWNPOUR(Kind.PUSH_PULL, true),
    ADOWNPOUR(Kind.PUSH_PULL, false),
    MVADOWNPOUR(Kind.PUSH_PULL, false),
    SGD(Kind.SINGLE, false),
    MSGD(Kind.SINGLE, true),
    ASGD(Kind.SINGLE, false),
    MVASGD(Kind.SINGLE, false),
    SYNC_EASGD(Kind.SYNC_ELASTIC, false),
    SYNC_EAMSGD(Kind.SYNC_ELASTIC, true),
    /** DiLoCo (Douillard et al. 2023): δ is its inner Nesterov momentum (innerOptimizer nesterov). */
    DILOCO(Kind.SYNC_OUTER, true),
    /**
     * Asynchronous ADMM in the paper's round-robin form (§4, the method EASGD's stability is compared
     * with): a dual variable λ_i per worker and the penalty ρ ({@code "rho"}); {@code io.easgd.core.rules.Admm}.
     */
    ADMM(Kind.CONSENSUS, false);

    /**
     * How workers and master relate. SYNC_OUTER: synchronous rounds where the master applies an
     * outer optimiser to the workers' averaged pseudo-gradient (DiLoCo); no α. CONSENSUS:
     * asynchronous exchanges with a master that keeps one dual term per rank of a fixed p and
     * averages them (ADMM); no α, its penalty is ρ.
     */
    public enum Kind { ELASTIC, SYNC_ELASTIC, PUSH_PULL, SINGLE, SYNC_OUTER, CONSENSUS }

    private final Kind kind;
    private final boolean momentum;

    Algorithm(Kind kind, boolean momentum) {
        this.kind = kind;
        this.momentum = momentum;
    }

    public Kind kind() {
        return kind;
    }

    /** Uses δ. */
    public boolean usesMomentum() {
        return momentum;
    }

    /** Uses α (equivalently β = pα). */
    public boolean usesElasticRate() {
        return kind == Kind.ELASTIC || kind == Kind.SYNC_ELASTIC;
    }

    /** Uses the constant averaging rate a. */
    public boolean usesAveragingRate() {
        return this == MVADOWNPOUR || this == MVASGD;
    }

    /** Uses the penalty ρ ({@code "rho"}, ADMM only). */
    public boolean usesPenalty() {
        return kind == Kind.CONSENSUS;
    }

    /** Runs on exactly one worker. */
    public boolean singleWorker() {
        return kind == Kind.SINGLE;
    }

    /**
     * May run with {@code "tau": "auto"}: the asynchronous multi-worker rules whose rule leaves τ
     * free (EASGD, EAMSGD, DOWNPOUR, ADOWNPOUR, MVADOWNPOUR). Not the synchronous ones (all ranks
     * must share each round's τ), MDOWNPOUR (τ is 1) or the single-worker baselines (no exchange
     * to balance).
     */
    public boolean allowsAutoTau() {
        return kind == Kind.ELASTIC || (kind == Kind.PUSH_PULL && this != MDOWNPOUR);
    }

    /**
     * May run with a worker range ({@code "workers": {"min": m, "max": n}}): the asynchronous
     * multi-worker rules, whose master takes each worker's exchange on its own (EASGD, EAMSGD,
     * DOWNPOUR, ADOWNPOUR, MVADOWNPOUR). Not the synchronous ones (every round waits for all p),
     * MDOWNPOUR (its master's momentum sees every push of a fixed set of workers) or the
     * single-worker baselines.
     */
    public boolean allowsElasticWorkers() {
        return kind == Kind.ELASTIC || (kind == Kind.PUSH_PULL && this != MDOWNPOUR);
    }

    /** All workers meet at a barrier every τ steps. */
    public boolean synchronous() {
        return kind == Kind.SYNC_ELASTIC || kind == Kind.SYNC_OUTER;
    }

    /** Uses {@code innerOptimizer}, {@code outerLr} and {@code outerMomentum} (DILOCO only). */
    public boolean usesOuterOptimizer() {
        return kind == Kind.SYNC_OUTER;
    }

    /**
     * May run with {@code "overlap": true} (the worker computes its next step while its exchange
     * travels): the asynchronous multi-worker rules whose worker has local work to overlap, EASGD,
     * EAMSGD, DOWNPOUR, ADOWNPOUR, MVADOWNPOUR. Not MDOWNPOUR (τ is 1 and its next gradient is taken
     * at the point the reply brings), the synchronous rules (a round waits for every worker anyway)
     * or the single-worker baselines (nothing comes back to wait for).
     */
    public boolean allowsOverlap() {
        return kind == Kind.ELASTIC || (kind == Kind.PUSH_PULL && this != MDOWNPOUR);
    }
}
