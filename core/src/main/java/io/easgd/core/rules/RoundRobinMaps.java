package io.easgd.core.rules;

import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * The paper's round-robin linear maps of asynchronous EASGD and of ADMM on the quadratic F_l(x) = x²/2
 * of every worker (Zhang, Choromanska, LeCun 2015, §4 "Stability analysis of EASGD and ADMM in the
 * round-robin scheme"): worker l = t mod p acts at time t, exchanging with the master at every step
 * (τ = 1); the other workers hold still. Every coordinate of x is an independent copy of this
 * one-dimensional map, so the maps are scalars per worker.
 *
 * <h2>EASGD, state s = (x_1 … x_p, x̃), p + 1 numbers</h2>
 * <pre>
 * x_l ← x_l − η x_l − α (x_l − x̃)          # old values on the right
 * x̃  ← x̃ + α (x_l − x̃)
 * </pre>
 * Each turn is symmetric: the 2×2 block [[1 − η − α, α], [α, 1 − α]] on (x_l, x̃) and 1 elsewhere, so
 * with p = 1 the cycle is {@link Stability#spectralRadius}'s matrix.
 *
 * <h2>ADMM, state s = (x_1 … x_p, λ_1 … λ_p, x̃), 2p + 1 numbers</h2>
 * <pre>
 * λ_l ← λ_l − (x_l − x̃)                           # F_1
 * x_l ← x_l − η x_l + ηρ (λ_l − x_l + x̃)           # F_2, with the new λ_l
 * x̃  ← (1/p) Σ_i (x_i − λ_i)                      # F_3, with the new x_l, λ_l
 * </pre>
 * (the update the platform's {@code Admm} rule runs, docs/algorithms.md "ADMM"). Each turn is
 * F_3 ∘ F_2 ∘ F_1; none of them is symmetric.
 *
 * <h2>What is reported</h2>
 * The map of one full cycle, C = T_p ∘ … ∘ T_1 (worker 1 acts first), and its spectral radius, the
 * largest |λ| over its eigenvalues — the quantity the paper's figure plots: the largest absolute
 * eigenvalue of the composed map of one cycle, F = F^p_3 ∘ F^p_2 ∘ F^p_1 ∘ … ∘ F^1_3 ∘ F^1_2 ∘ F^1_1
 * (docs/algorithms.md "Stability" says what of this was checked against the text). A radius above 1
 * means the state grows by that factor per cycle (per p steps); the per-step rate is its p-th root.
 * Eigenvalues of the non-symmetric cycle come from Apache Commons Math's {@link EigenDecomposition}
 * (Hessenberg–Schur, real and imaginary parts).
 *
 * <p>Each map is built by applying its turns, in doubles, to the unit vectors (column j of C is
 * C e_j); {@link #easgdTurn}/{@link #admmTurn} apply one turn to a state in place, so a test can
 * iterate the same arithmetic the matrix is made of.
 */
public final class RoundRobinMaps {
    /** Largest p the maps are computed for (the ADMM cycle is then 129×129). */
    public static final int MAX_P = 64;

    private RoundRobinMaps() {
    }

    // ---------------------------------------------------------------- one turn, on a state

    /** Worker l's EASGD turn on s = (x_1 … x_p, x̃), in place. */
    public static void easgdTurn(double[] s, int p, int l, double eta, double alpha) {
        double x = s[l];
        double c = s[p];
        s[l] = x - eta * x - alpha * (x - c);
        s[p] = c + alpha * (x - c);
    }

    /** Worker l's ADMM turn F_3 ∘ F_2 ∘ F_1 on s = (x_1 … x_p, λ_1 … λ_p, x̃), in place. */
    public static void admmTurn(double[] s, int p, int l, double eta, double rho) {
        int lam = p + l;
        int ct = 2 * p;
        s[lam] = s[lam] - (s[l] - s[ct]);                                  // F_1
        s[l] = s[l] - eta * s[l] + eta * rho * (s[lam] - s[l] + s[ct]);    // F_2
        double sum = 0;                                                    // F_3
        for (int i = 0; i < p; i++) {
            sum += s[i] - s[p + i];
        }
        s[ct] = sum / p;
    }

    /** One full EASGD cycle (workers 0 … p − 1 in turn) on s, in place. */
    public static void easgdCycle(double[] s, int p, double eta, double alpha) {
        for (int l = 0; l < p; l++) {
            easgdTurn(s, p, l, eta, alpha);
        }
    }

    /** One full ADMM cycle (workers 0 … p − 1 in turn) on s, in place. */
    public static void admmCycle(double[] s, int p, double eta, double rho) {
        for (int l = 0; l < p; l++) {
            admmTurn(s, p, l, eta, rho);
        }
    }

    // ---------------------------------------------------------------- the cycle as a matrix

    /** The (p + 1)×(p + 1) matrix of one EASGD cycle. */
    public static double[][] easgdCycleMatrix(int p, double eta, double alpha) {
        checkP(p);
        double[][] m = new double[p + 1][p + 1];
        for (int j = 0; j <= p; j++) {
            double[] s = new double[p + 1];
            s[j] = 1;
            easgdCycle(s, p, eta, alpha);
            for (int i = 0; i <= p; i++) {
                m[i][j] = s[i];
            }
        }
        return m;
    }

    /** The (2p + 1)×(2p + 1) matrix of one ADMM cycle. */
    public static double[][] admmCycleMatrix(int p, double eta, double rho) {
        checkP(p);
        int n = 2 * p + 1;
        double[][] m = new double[n][n];
        for (int j = 0; j < n; j++) {
            double[] s = new double[n];
            s[j] = 1;
            admmCycle(s, p, eta, rho);
            for (int i = 0; i < n; i++) {
                m[i][j] = s[i];
            }
        }
        return m;
    }

    /** The spectral radius of EASGD's round-robin cycle with p workers at (η, α). */
    public static double easgdRadius(int p, double eta, double alpha) {
        return spectralRadius(easgdCycleMatrix(p, eta, alpha));
    }

    /** The spectral radius of ADMM's round-robin cycle with p workers at (η, ρ). */
    public static double admmRadius(int p, double eta, double rho) {
        return spectralRadius(admmCycleMatrix(p, eta, rho));
    }

    /** max |λ| over the eigenvalues of a square matrix (complex ones included). */
    public static double spectralRadius(double[][] m) {
        EigenDecomposition e;
        try {
            e = new EigenDecomposition(new Array2DRowRealMatrix(m, false));
        } catch (MathIllegalStateException ex) {
            throw new IllegalStateException("eigenvalues of a " + m.length + "x" + m.length
                    + " round-robin map did not converge: " + ex.getMessage(), ex);
        }
        double[] re = e.getRealEigenvalues();
        double[] im = e.getImagEigenvalues();
        double r = 0;
        for (int i = 0; i < re.length; i++) {
            r = Math.max(r, Math.hypot(re[i], im[i]));
        }
        return r;
    }

    private static void checkP(int p) {
        if (p < 1 || p > MAX_P) {
            throw new IllegalArgumentException("p must be in [1, " + MAX_P + "], found " + p);
        }
    }
}
