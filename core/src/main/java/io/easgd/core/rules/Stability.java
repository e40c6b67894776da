package io.easgd.core.rules;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Linear stability of the rules on the quadratic f(x) = h x²/2 with h = 1 (the paper's §4 setting;
 * a curvature h ≠ 1 only rescales η to ηh and α is unchanged). Three models, one per family of
 * methods; each gives the condition a job spec's warning checks.
 *
 * <h2>Asynchronous EASGD/EAMSGD: the paper's round-robin analysis</h2>
 * One worker exchanging with the master at every step (τ = 1):
 * x_{t+1} = x_t − ηx_t − α(x_t − x̃_t), x̃_{t+1} = x̃_t + α(x_t − x̃_t), the linear map
 * M = [[1 − η − α, α], [α, 1 − α]], stable exactly when 0 &lt; η &lt; 2 and
 * 0 &lt; α &lt; (4 − 2η)/(4 − η).
 *
 * <h2>Synchronous EASGD (eq. 3–4): p workers, β = pα</h2>
 * With the old values on both sides, x_i ← (1 − η − α) x_i + α x̃ and x̃ ← (1 − β) x̃ + β m,
 * m = mean_i x_i. The (p + 1)-dimensional map splits into
 * <ul>
 * <li>the mean field (m, x̃): A = [[1 − η − α, α], [β, 1 − β]], trace T = 2 − η − α − β,
 * determinant D = (1 − η)(1 − β) − α, characteristic polynomial P(λ) = λ² − Tλ + D;</li>
 * <li>p − 1 deviation modes d_i = x_i − m (Σ d_i = 0), each multiplied by 1 − η − α (none when
 * p = 1).</li>
 * </ul>
 * The eigenvalues of A are real (T² − 4D = (β − η − α)² + 4αβ ≥ 0). By the Jury conditions they lie inside the
 * unit circle iff P(1) &gt; 0, P(−1) &gt; 0 and D &lt; 1 (D &gt; −1 then follows from
 * P(1) + P(−1) = 2 + 2D). Here
 * <ul>
 * <li>P(1) = ηβ &gt; 0 (with the other two: η &gt; 0 and α &gt; 0);</li>
 * <li>P(−1) = 4 − 2η − 2α − 2β + ηβ = 2(2 − η) − α(2 + p(2 − η)) &gt; 0: for η &lt; 2,
 * <b>α &lt; 2(2 − η)/(2 + p(2 − η))</b>, and no α &gt; 0 at all for η ≥ 2;</li>
 * <li>D &lt; 1 and |1 − η − α| &lt; 1 (α &lt; 2 − η) hold whenever the bound above does (it is the
 * smaller one for every p ≥ 1 and 0 &lt; η &lt; 2).</li>
 * </ul>
 * So the synchronous map is stable exactly when <b>0 &lt; η &lt; 2 and
 * 0 &lt; α &lt; 2(2 − η)/(2 + p(2 − η))</b>, i.e. β = pα &lt; 2p(2 − η)/(2 + p(2 − η)), which is
 * always below 2 and tends to 2 as p grows. With p = 1 it is the round-robin bound (4 − 2η)/(4 − η).
 * Example: p = 8, η = 0.05 gives α &lt; 3.9/17.6 = 0.22159… (β &lt; 1.7727…), so α = 0.45 (β = 3.6)
 * is unstable; the paper's β = 0.9 is inside for every p at small η.
 *
 * <p>This is the τ = 1 map. With τ &gt; 1 the worker's row is multiplied by c = (1 − η)^{τ−1}
 * per period; for 0 &lt; η ≤ 1 (so 0 ≤ c ≤ 1) P(−1) is linear in c and positive at c = 0 (β &lt; 2)
 * and at c = 1, and |D| and |c(1 − η − α)| only shrink, so the τ = 1 region is inside the τ-region:
 * the warning is conservative there. For 1 &lt; η &lt; 2 and τ &gt; 1 it is not proven. Momentum
 * (SYNC_EAMSGD) is not modelled.
 *
 * <h2>DOWNPOUR family: p workers pushing τ accumulated steps</h2>
 * On f = x²/2 a worker that pulled the center c and takes τ steps of size η pushes
 * v = ((1 − η)^τ − 1) c ≈ −τη c. Two schedules:
 * <ul>
 * <li>Synchronous-equivalent (all p pull the same c, then all push): one round multiplies c by
 * 1 − p(1 − (1 − η)^τ) ({@link #downpourSyncFactor}); to first order in η that is 1 − pτη,
 * stable for pτη &lt; 2. Since 1 − (1 − ηh)^τ ≤ τηh (Bernoulli), pτη &lt; 2 keeps every curvature
 * 0 &lt; h ≤ 1 stable.</li>
 * <li>Round-robin (the asynchronous schedule the platform runs: the workers take turns, each push
 * computed from a center that p − 1 other pushes have moved since): with τ = 1 this is the delay
 * equation c_{n+1} = c_n − η c_{n−(p−1)} (n counts pushes), stable iff η &lt; 2 sin(π/(2(2p − 1))), i.e.
 * pη &lt; 2p sin(π/(4p − 2)), which decreases to <b>π/2</b> as p grows (1.854 at p = 3, 1.583 at
 * p = 64). For τ &gt; 1 the threshold in pτη is higher (≈ 2.3 at p = 4, τ = 16). That pτη &lt; π/2
 * keeps the round-robin map stable for τ &gt; 1 too is checked numerically, not proven (p ≤ 128,
 * τ ≤ 128 when this was written; a grid of it in StabilityTest).</li>
 * </ul>
 * The warning uses the round-robin bound <b>p·τ·η &lt; π/2</b> for p ≥ 2: a sufficient condition,
 * not a necessary one. Once τη is not small the quadratic saturates (each worker reaches the
 * optimum within its τ steps and pushes the whole distance), so with p = 2 the model stays stable
 * for every τ at η ≤ 1 (factor near −1), and with p ≥ 3 the model's own threshold in pτη lies
 * between π/2 and about 3 (2.87 at p = 3, τ = 64). The warning keeps the first-order rule there as
 * a conservative rule of thumb: a real loss is not a quadratic whose workers all reach the same
 * optimum within τ steps. With one
 * worker DOWNPOUR is SGD on the center, stable iff 0 &lt; η &lt; 2. Momentum (MDOWNPOUR) and the
 * averaged variable (ADOWNPOUR, MVADOWNPOUR; it does not feed back into x̃) are not modelled.
 *
 * <h2>ADMM: the paper's round-robin map, computed</h2>
 * The paper gives no closed-form region for ADMM and shows instead that its round-robin map can
 * diverge where EASGD's cannot. {@link #warningAdmm} computes the cycle's spectral radius for the
 * spec's own (η, ρ, p) with {@link RoundRobinMaps} (τ = 1, the paper's map) and warns when it is above
 * 1 + 1e-9. On (0, 0.01) × (0, 10) it diverges at small η from p = 3 on, the region growing with p
 * (the paper's example η = 0.001, ρ = 2.5: radius 0.99900 at p = 2, 1.00097 at p = 3, 1.00226 at p = 8);
 * EASGD with the paper's α = ηρ is stable on all of it.
 *
 * <p>Every warning ends with {@link #SOURCE}: where the analysis is, and where a user sees the maps for
 * their own p. For p ≥ 2 EASGD's round-robin region in (η, α) is at least the p = 1 region of
 * {@link #warning} (each turn is symmetric with norm ≤ 1 there), so that warning is sufficient for every
 * p; the product of the turns can be stable in a thin sliver outside it (e.g. p = 2, η = 0.325, α = 0.9125: radius 0.956, bound 0.9116),
 * which the Stability page shows.
 */
public final class Stability {
    /** Appended to every warning: the analysis it comes from and where to see it for one's own p. */
    public static final String SOURCE = " (stability analysis of the paper's section 4, docs/algorithms.md "
            + "\"Stability\"; the round-robin maps for your p: the Stability page, GET /api/v1/stability?workers=...)";
    /** Largest p whose ADMM map {@link #warningAdmm} computes (a (2p + 1)-square eigenproblem per spec). */
    public static final int ADMM_MAX_P = RoundRobinMaps.MAX_P;

    /** π/2: p·τ·η below it keeps round-robin DOWNPOUR stable on f = x²/2. */
    public static final double DOWNPOUR_LIMIT = Math.PI / 2;

    private Stability() {
    }

    // ---------------------------------------------------------------- round robin (asynchronous EASGD)

    /** The spectral radius of M(η, α). M is symmetric, so its eigenvalues are real. */
    public static double spectralRadius(double eta, double alpha) {
        double a = 1 - eta - alpha;
        double d = 1 - alpha;
        double b = alpha;
        double mean = (a + d) / 2;
        double disc = Math.sqrt(((a - d) / 2) * ((a - d) / 2) + b * b);
        return Math.max(Math.abs(mean + disc), Math.abs(mean - disc));
    }

    /** True exactly inside the region the paper proves stable. */
    public static boolean isStable(double eta, double alpha) {
        return eta > 0 && eta < 2 && alpha > 0 && alpha < alphaBound(eta);
    }

    /** (4 − 2η)/(4 − η), the largest stable α for a given η. */
    public static double alphaBound(double eta) {
        return (4 - 2 * eta) / (4 - eta);
    }

    /** A sentence for users when (η, α) lies outside the round-robin stable region, or null. */
    public static String warning(double eta, double alpha) {
        if (isStable(eta, alpha)) {
            return null;
        }
        String head = "(eta, alpha) = (" + show(eta) + ", " + show(alpha) + ") lies outside the region where the "
                + "paper proves EASGD stable (asynchronous, round-robin analysis on f = x^2/2 with tau = 1): "
                + "0 < eta < 2 and 0 < alpha < (4 - 2 eta)/(4 - eta)";
        if (!(eta > 0 && eta < 2)) {
            return head + "; no alpha is stable at eta = " + show(eta) + ": use 0 < eta < 2" + SOURCE;
        }
        String bound = below(alphaBound(eta));
        return head + ", which is " + bound + " at eta = " + show(eta) + ": use alpha < " + bound + SOURCE;
    }

    // ---------------------------------------------------------------- synchronous EASGD

    /**
     * The spectral radius of the synchronous EASGD map with p workers and β = pα on f = x²/2:
     * the larger of the mean-field 2×2 map's and, for p ≥ 2, |1 − η − α|.
     */
    public static double spectralRadiusSync(double eta, double alpha, int p) {
        double beta = p * alpha;
        double a = 1 - eta - alpha;
        double d = 1 - beta;
        double trace = a + d;
        double det = a * d - alpha * beta;
        double disc = trace * trace / 4 - det;
        double rho;
        if (disc >= 0) {
            double s = Math.sqrt(disc);
            rho = Math.max(Math.abs(trace / 2 + s), Math.abs(trace / 2 - s));
        } else {
            rho = Math.sqrt(det);                          // complex pair: |λ|² = det
        }
        return p >= 2 ? Math.max(rho, Math.abs(a)) : rho;
    }

    /** True exactly inside the synchronous region: 0 &lt; η &lt; 2 and 0 &lt; α &lt; {@link #alphaBoundSync}. */
    public static boolean isStableSync(double eta, double alpha, int p) {
        return p >= 1 && eta > 0 && eta < 2 && alpha > 0 && alpha < alphaBoundSync(eta, p);
    }

    /** 2(2 − η)/(2 + p(2 − η)), the largest stable α of synchronous EASGD (0 &lt; η &lt; 2). */
    public static double alphaBoundSync(double eta, int p) {
        double u = 2 - eta;
        return 2 * u / (2 + p * u);
    }

    /** A sentence for users when (η, α, p) lies outside the synchronous stable region, or null. */
    public static String warningSync(double eta, double alpha, int p) {
        if (isStableSync(eta, alpha, p)) {
            return null;
        }
        String head = "alpha = " + show(alpha) + " with p = " + p + " worker" + (p == 1 ? "" : "s")
                + " gives beta = p*alpha = " + show(p * alpha) + "; ";
        if (!(eta > 0 && eta < 2)) {
            return head + "the synchronous EASGD map on f = x^2/2 (tau = 1) is unstable for every alpha at eta = "
                    + show(eta) + " (each worker's own step x - eta x already overshoots): use 0 < eta < 2" + SOURCE;
        }
        double bound = alphaBoundSync(eta, p);
        return head + "the synchronous EASGD map on f = x^2/2 (tau = 1) is stable only for "
                + "beta < 2p(2 - eta)/(2 + p(2 - eta)), which is " + below(p * bound) + " at eta = " + show(eta)
                + ": use alpha < " + below(bound) + SOURCE;
    }

    // ---------------------------------------------------------------- DOWNPOUR

    /** p·τ·η, the first-order size of one round of pushes relative to the distance to the optimum. */
    public static double downpourLoad(double eta, int tau, int p) {
        return p * (double) tau * eta;
    }

    /**
     * 1 − p(1 − (1 − η)^τ): the factor by which one synchronous-equivalent round of p pushes of τ
     * accumulated steps each multiplies the center's distance to the optimum of f = x²/2.
     */
    public static double downpourSyncFactor(double eta, int tau, int p) {
        return 1 - p * (1 - Math.pow(1 - eta, tau));
    }

    /**
     * The warning's condition: with p ≥ 2, p·τ·η &lt; π/2 (sufficient for the round-robin model);
     * with p = 1, 0 &lt; η &lt; 2 (SGD on the center).
     */
    public static boolean downpourWithinLimit(double eta, int tau, int p) {
        if (!(eta > 0) || tau < 1 || p < 1) {
            return false;
        }
        return p == 1 ? eta < 2 : downpourLoad(eta, tau, p) < DOWNPOUR_LIMIT;
    }

    /** A sentence for users when (η, τ, p) is outside {@link #downpourWithinLimit}, or null. */
    public static String warningDownpour(double eta, int tau, int p) {
        if (downpourWithinLimit(eta, tau, p)) {
            return null;
        }
        if (p <= 1) {
            return "eta = " + show(eta) + " with one worker: DOWNPOUR is then SGD on the center, which diverges on "
                    + "f = x^2/2 unless 0 < eta < 2: use 0 < eta < 2" + SOURCE;
        }
        int tauMax = (int) Math.min(Integer.MAX_VALUE, Math.floor(DOWNPOUR_LIMIT / (p * eta)));
        while (tauMax >= 1 && downpourLoad(eta, tauMax, p) >= DOWNPOUR_LIMIT) {
            tauMax--;
        }
        String etaAdvice = "eta < " + below(DOWNPOUR_LIMIT / ((double) p * tau)) + " at tau = " + tau;
        String advice = tauMax >= 1 ? "tau <= " + tauMax + " at eta = " + show(eta) + ", or " + etaAdvice
                : etaAdvice + " (no tau >= 1 is inside at eta = " + show(eta) + ")";
        return "p*tau*eta = " + p + "*" + tau + "*" + show(eta) + " = " + show(downpourLoad(eta, tau, p))
                + " is not below pi/2 (about 1.571), the bound under which DOWNPOUR-style pushes stay stable on "
                + "f = x^2/2 (p workers each pushing tau accumulated steps of size eta in turn); above it the center can "
                + "overshoot the optimum and diverge (the paper saw DOWNPOUR diverge at tau >= 16): use " + advice
                + SOURCE;
    }

    // ---------------------------------------------------------------- ADMM (round robin, computed)

    /**
     * A sentence for users when ADMM's round-robin cycle map with p workers diverges at (η, ρ) on f = x²/2
     * (τ = 1), or null: null too when the map converges or is marginal, and for p &gt; {@link #ADMM_MAX_P}
     * (not computed). The advice is the nearest η above the spec's, on steps of 10 %, at which the map
     * converges at the same ρ (ADMM's divergent region lies at small η), and EASGD with α = ηρ.
     */
    public static String warningAdmm(double eta, double rho, int p) {
        if (p < 1 || p > ADMM_MAX_P || !(eta > 0) || !(rho > 0) || !Double.isFinite(eta) || !Double.isFinite(rho)) {
            return null;
        }
        double r = RoundRobinMaps.admmRadius(p, eta, rho);
        if (!(r > StabilityGrid.DIVERGES_ABOVE)) {
            return null;
        }
        String head = "ADMM at (eta, rho) = (" + show(eta) + ", " + show(rho) + ") with p = " + p + " worker"
                + (p == 1 ? "" : "s") + ": its round-robin map on f = x^2/2 (tau = 1) has spectral radius "
                + show(r) + " per cycle of p turns, above 1, so the workers' x, lambda and the center diverge "
                + "(the paper shows ADMM unstable at eta = 0.001, rho = 2.5 from p = 3 on); ";
        double up = Double.NaN;
        for (double e = eta * 1.1; e < 2; e *= 1.1) {
            if (RoundRobinMaps.admmRadius(p, e, rho) < StabilityGrid.CONVERGES_BELOW) {
                up = e;
                break;
            }
        }
        String advice = Double.isNaN(up) ? "no eta up to 2 converges at this rho: lower rho"
                : "at this rho the map converges again from about eta = " + show(up) + " (the first 10 % step up that does)";
        double alpha = eta * rho;
        String easgd = alpha > 0 && alpha < 1 && RoundRobinMaps.easgdRadius(p, eta, alpha) < StabilityGrid.CONVERGES_BELOW
                ? "; EASGD with the same eta and alpha = eta*rho = " + show(alpha) + " is stable there" : "";
        return head + advice + easgd + SOURCE;
    }

    // ---------------------------------------------------------------- numbers in sentences

    /** A value as users wrote it or as computed, to 6 significant digits, no trailing zeros. */
    static String show(double x) {
        if (!Double.isFinite(x)) {
            return String.valueOf(x);
        }
        return new BigDecimal(x).round(new MathContext(6, RoundingMode.HALF_EVEN)).stripTrailingZeros()
                .toPlainString();
    }

    /** A bound rounded down to 4 significant digits, so that "use x &lt; bound" is inside the region. */
    static String below(double x) {
        if (!Double.isFinite(x)) {
            return String.valueOf(x);
        }
        return new BigDecimal(x).round(new MathContext(4, RoundingMode.FLOOR)).stripTrailingZeros()
                .toPlainString();
    }

}
