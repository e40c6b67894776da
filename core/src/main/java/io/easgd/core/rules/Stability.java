package io.easgd.core.rules;

/**
 * The paper's stability analysis of EASGD in the round-robin scheme (§4, quadratic case, h = 1,
 * τ = 1): x_{t+1} = x_t − ηx_t − α(x_t − x̃_t), x̃_{t+1} = x̃_t + α(x_t − x̃_t), the linear map
 * M = [[1 − η − α, α], [α, 1 − α]], stable exactly when 0 &lt; η &lt; 2 and
 * 0 &lt; α &lt; (4 − 2η)/(4 − η).
 */
public final class Stability {
    private Stability() {
    }

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

    /** A sentence for users when (η, α) lies outside the stable region, or null when inside. */
    public static String warning(double eta, double alpha) {
        if (isStable(eta, alpha)) {
            return null;
        }
        return String.format(java.util.Locale.ROOT,
                "(eta, alpha) = (%s, %s) lies outside the region where the paper proves EASGD stable "
                        + "(0 < eta < 2 and 0 < alpha < (4 - 2 eta)/(4 - eta)%s)",
                eta, alpha, eta > 0 && eta < 2
                        ? String.format(java.util.Locale.ROOT, " = %.4f", alphaBound(eta)) : "");
    }
}
