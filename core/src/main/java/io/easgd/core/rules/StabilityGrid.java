package io.easgd.core.rules;

/**
 * The paper's side-by-side stability figure, computed: the spectral radius of the round-robin cycle
 * ({@link RoundRobinMaps}) of EASGD over a grid of (η, α) and of ADMM over a grid of (η, ρ), for one p.
 *
 * <p>The two methods are compared on one plane through the paper's own parametrisation of EASGD,
 * α = ηρ (§2: the elastic penalty ρ/2 ‖x_i − x̃‖² of the objective, α = ηρ): at every cell (η, ρ) of the
 * ADMM grid, {@link Result#easgdAtRho} holds EASGD's radius at (η, α = ηρ), and {@link Result#admmOnly}
 * marks the cells where ADMM diverges and EASGD, with the same η and ρ, does not.
 *
 * <p>A radius counts as divergent above {@link #DIVERGES_ABOVE} = 1 + 1e-9 and as stable below
 * 1 − 1e-9 (the eigenvalues are computed in doubles; between the two is marginal, neither).
 */
public final class StabilityGrid {
    /** Cells per axis at most: 100 × 100 cells of p = 16 take a few seconds. */
    public static final int MAX_CELLS = 100;
    /** A radius above this diverges. */
    public static final double DIVERGES_ABOVE = 1 + 1e-9;
    /** A radius below this converges. */
    public static final double CONVERGES_BELOW = 1 - 1e-9;

    private StabilityGrid() {
    }

    /**
     * One axis: {@code cells} cells of equal width over (min, max), each sampled at its centre
     * min + (i + ½)(max − min)/cells, so neither end (η = 0 is no step at all) is a sample.
     */
    public record Axis(String name, double min, double max, int cells) {
        public Axis {
            if (!(Double.isFinite(min) && Double.isFinite(max) && min >= 0 && min < max)) {
                throw new IllegalArgumentException(name + ": need 0 <= min < max, found (" + min + ", " + max + ")");
            }
            if (cells < 1 || cells > MAX_CELLS) {
                throw new IllegalArgumentException(name + ": cells must be in [1, " + MAX_CELLS + "], found " + cells);
            }
        }

        public double value(int i) {
            return min + (i + 0.5) * (max - min) / cells;
        }

        public double[] values() {
            double[] v = new double[cells];
            for (int i = 0; i < cells; i++) {
                v[i] = value(i);
            }
            return v;
        }
    }

    /**
     * The figure's numbers; every matrix is indexed [i][j] = (η_i, second axis_j).
     *
     * @param easgd EASGD's cycle radius at (η_i, α_j) of its own grid
     * @param admm ADMM's cycle radius at (η_i, ρ_j)
     * @param easgdAtRho EASGD's cycle radius at (η_i, α = η_i ρ_j), on ADMM's grid
     * @param admmOnly ADMM diverges at (η_i, ρ_j) and EASGD at α = η_i ρ_j does not
     */
    public record Result(int p, Axis easgdEta, Axis alpha, double[][] easgd, Axis admmEta, Axis rho,
                         double[][] admm, double[][] easgdAtRho, boolean[][] admmOnly,
                         int easgdDiverging, int admmDiverging, int admmOnlyCount) {
    }

    /** Computes both grids for p workers. */
    public static Result compute(int p, Axis easgdEta, Axis alpha, Axis admmEta, Axis rho) {
        double[][] easgd = new double[easgdEta.cells()][alpha.cells()];
        int easgdDiverging = 0;
        for (int i = 0; i < easgdEta.cells(); i++) {
            for (int j = 0; j < alpha.cells(); j++) {
                easgd[i][j] = RoundRobinMaps.easgdRadius(p, easgdEta.value(i), alpha.value(j));
                easgdDiverging += easgd[i][j] > DIVERGES_ABOVE ? 1 : 0;
            }
        }
        double[][] admm = new double[admmEta.cells()][rho.cells()];
        double[][] atRho = new double[admmEta.cells()][rho.cells()];
        boolean[][] only = new boolean[admmEta.cells()][rho.cells()];
        int admmDiverging = 0;
        int onlyCount = 0;
        for (int i = 0; i < admmEta.cells(); i++) {
            double eta = admmEta.value(i);
            for (int j = 0; j < rho.cells(); j++) {
                admm[i][j] = RoundRobinMaps.admmRadius(p, eta, rho.value(j));
                atRho[i][j] = RoundRobinMaps.easgdRadius(p, eta, eta * rho.value(j));
                boolean diverges = admm[i][j] > DIVERGES_ABOVE;
                only[i][j] = diverges && atRho[i][j] < CONVERGES_BELOW;
                admmDiverging += diverges ? 1 : 0;
                onlyCount += only[i][j] ? 1 : 0;
            }
        }
        return new Result(p, easgdEta, alpha, easgd, admmEta, rho, admm, atRho, only, easgdDiverging,
                admmDiverging, onlyCount);
    }
}
