package io.easgd.agent.training;

import io.easgd.core.rules.Downpour;
import io.easgd.core.rules.Publish;
import io.easgd.core.rules.WorkerRule;
import io.easgd.core.spec.Algorithm;

/**
 * What a worker sends in its one extra exchange when it leaves (SIGTERM) in the middle of a job,
 * so that its last local steps are not lost to the center. The reply is discarded: the worker is
 * gone.
 *
 * <ul>
 *   <li>EASGD, EAMSGD: x_i — the master makes its usual elastic move x̃ += α(x_i − x̃).</li>
 *   <li>DOWNPOUR, ADOWNPOUR, MVADOWNPOUR: v_i, the updates accumulated since the last push — the
 *       master adds them to x̃ as in any push.</li>
 *   <li>SGD, MSGD, ASGD, MVASGD: what they publish every τ steps (x; for ASGD/MVASGD the iterate and
 *       its average, [x | z]) — the master stores it.</li>
 *   <li>MDOWNPOUR: none (its exchange would be a gradient step at the master, not a hand-over).</li>
 *   <li>SYNC_EASGD, SYNC_EAMSGD, DILOCO: none (an exchange is a barrier with all p workers; a lone one would
 *       wait for the others' next round).</li>
 *   <li>ADMM: none (its upload b carries the gradient step of the exchange itself; without it the
 *       master keeps the worker's x_i − λ_i of its last exchange, losing at most τ − 1 local steps).</li>
 * </ul>
 */
public final class FinalExchange {
    private FinalExchange() {
    }

    /** The vector to upload, live (not a copy), or null when the rule has no final exchange. */
    public static float[] upload(Algorithm algorithm, WorkerRule rule) {
        return switch (algorithm) {
            case EASGD, EAMSGD -> rule.params();
            case DOWNPOUR, ADOWNPOUR, MVADOWNPOUR -> ((Downpour.Worker) rule).accumulated();
            case SGD, MSGD, ASGD, MVASGD -> ((Publish.Worker) rule).published();
            case MDOWNPOUR, SYNC_EASGD, SYNC_EAMSGD, DILOCO, ADMM -> null;
        };
    }
}
