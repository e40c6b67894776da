package io.easgd.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The round-robin maps of EASGD and ADMM on F = x²/2: the closed form at p = 1, hand-computed matrices,
 * known points cross-checked with an independent eigen solver, and the map against the real rule
 * classes iterated on the quadratic ({@link RoundRobinRulesTest}).
 */
class RoundRobinMapsTest {

    @Test
    void easgdWithOneWorkerIsTodaysClosedForm() {
        for (int i = 1; i < 60; i++) {
            for (int j = 1; j < 60; j++) {
                double eta = i * 2.2 / 60;
                double alpha = j * 1.2 / 60;
                assertThat(RoundRobinMaps.easgdRadius(1, eta, alpha)).as("eta=%s alpha=%s", eta, alpha)
                        .isCloseTo(Stability.spectralRadius(eta, alpha), within(1e-12));
            }
        }
    }

    @Test
    void easgdCycleOfTwoWorkersIsTheProductOfTheTurnsWorkedByHand() {
        // η = 0.5, α = 0.25: T_1 = [[.25, 0, .25], [0, 1, 0], [.25, 0, .75]] on (x_1, x_2, x̃),
        // T_2 = [[1, 0, 0], [0, .25, .25], [0, .25, .75]]; C = T_2 T_1:
        // x_1 = .25 x_1 + .25 x̃; x_2 = .25 x_2 + .25 (.25 x_1 + .75 x̃); x̃ = .25 x_2 + .75 (.25 x_1 + .75 x̃)
        double[][] expected = {
                {0.25, 0, 0.25},
                {0.0625, 0.25, 0.1875},
                {0.1875, 0.25, 0.5625}};
        double[][] m = RoundRobinMaps.easgdCycleMatrix(2, 0.5, 0.25);
        for (int i = 0; i < 3; i++) {
            assertThat(m[i]).as("row %s", i).containsExactly(expected[i], within(1e-15));
        }
    }

    @Test
    void admmWithOneWorkerIsWorkedByHandAndContractsAsOneMinusEta() {
        // (x, λ, x̃), η = 0.1, ρ = 2 (ηρ = 0.2): λ' = λ − x + x̃;
        // x' = (1 − η − ηρ) x + ηρ λ' + ηρ x̃ = (1 − η − 2ηρ) x + ηρ λ + 2ηρ x̃ = 0.5 x + 0.2 λ + 0.4 x̃;
        // x̃' = x' − λ' = 1.5 x − 0.8 λ − 0.6 x̃
        double[][] expected = {
                {0.5, 0.2, 0.4},
                {-1, 1, 1},
                {1.5, -0.8, -0.6}};
        double[][] m = RoundRobinMaps.admmCycleMatrix(1, 0.1, 2);
        for (int i = 0; i < 3; i++) {
            assertThat(m[i]).as("row %s", i).containsExactly(expected[i], within(1e-15));
        }
        // trace 1 − η, determinant 0, sum of principal minors 0: eigenvalues 0, 0, 1 − η, for every ρ
        for (double eta : new double[] {0.001, 0.01, 0.3, 1.5}) {
            for (double rho : new double[] {0.1, 2.5, 9}) {
                assertThat(RoundRobinMaps.admmRadius(1, eta, rho)).as("eta=%s rho=%s", eta, rho)
                        .isCloseTo(Math.abs(1 - eta), within(1e-7));
            }
        }
    }

    @Test
    void thePapersAdmmExampleDivergesFromThreeWorkersOn() {
        // η = 0.001, ρ = 2.5 (the paper's example of ADMM's instability); the expected radii are from
        // numpy.linalg.eigvals (LAPACK) on the same cycle, an independent solver
        assertThat(RoundRobinMaps.admmRadius(2, 0.001, 2.5)).isCloseTo(0.9989993749228054, within(1e-9));
        assertThat(RoundRobinMaps.admmRadius(3, 0.001, 2.5)).isCloseTo(1.0009723729550164, within(1e-9));
        assertThat(RoundRobinMaps.admmRadius(8, 0.001, 2.5)).isCloseTo(1.0022583677327888, within(1e-9));
        assertThat(RoundRobinMaps.admmRadius(3, 0.002, 1.0)).isCloseTo(1.0004724647888714, within(1e-9));
        assertThat(RoundRobinMaps.admmRadius(3, 0.05, 2.5)).isCloseTo(0.9478842589601686, within(1e-9));
        assertThat(RoundRobinMaps.admmRadius(3, 0.009, 9)).isCloseTo(0.9907513308399061, within(1e-9));
        // while EASGD with the paper's α = ηρ is well inside its region there
        assertThat(RoundRobinMaps.easgdRadius(3, 0.001, 0.001 * 2.5)).isLessThan(1);
    }

    @Test
    void easgdKnownPointsMatchAnIndependentSolver() {
        assertThat(RoundRobinMaps.easgdRadius(3, 1.0, 0.5)).isCloseTo(0.681176142029437, within(1e-9));
        assertThat(RoundRobinMaps.easgdRadius(3, 1.0, 0.7)).isCloseTo(1.0703891032822106, within(1e-9));
        assertThat(RoundRobinMaps.easgdRadius(3, 1.9, 0.2)).isCloseTo(1.1217504835605991, within(1e-9));
        assertThat(RoundRobinMaps.easgdRadius(8, 0.5, 0.9)).isCloseTo(1.1168036866218591, within(1e-9));
        assertThat(RoundRobinMaps.easgdRadius(3, 2.2, 0.1)).isCloseTo(1.3050180767171933, within(1e-9));
    }

    @Test
    void easgdIsStableInsideThePapersRegionForEveryP() {
        // each turn is symmetric with norm max(1, ρ(M)) ≤ 1 inside the region, so no product grows
        for (int p : new int[] {2, 3, 8, 16}) {
            for (int i = 1; i < 20; i++) {
                double eta = i * 0.1 - 0.003;
                for (int j = 1; j < 20; j++) {
                    double alpha = Stability.alphaBound(eta) * j / 20.0;
                    assertThat(RoundRobinMaps.easgdRadius(p, eta, alpha)).as("p=%s eta=%s alpha=%s", p, eta, alpha)
                            .isLessThan(1);
                }
            }
        }
    }

    @Test
    void theGridComparesTheTwoOnThePapersPlaneAndMarksWhereOnlyAdmmDiverges() {
        StabilityGrid.Axis eta = new StabilityGrid.Axis("eta", 0, 0.01, 10);
        StabilityGrid.Axis rho = new StabilityGrid.Axis("rho", 0, 10, 10);
        StabilityGrid.Result r = StabilityGrid.compute(3, new StabilityGrid.Axis("eta", 0, 2, 4),
                new StabilityGrid.Axis("alpha", 0, 1, 4), eta, rho);
        assertThat(eta.values()).containsExactly(new double[] {0.0005, 0.0015, 0.0025, 0.0035, 0.0045, 0.0055,
                0.0065, 0.0075, 0.0085, 0.0095}, within(1e-15));
        assertThat(r.admm()[1][2]).isCloseTo(RoundRobinMaps.admmRadius(3, 0.0015, 2.5), within(1e-15));
        assertThat(r.easgdAtRho()[1][2]).isCloseTo(RoundRobinMaps.easgdRadius(3, 0.0015, 0.0015 * 2.5),
                within(1e-15));
        int only = 0;
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10; j++) {
                boolean expected = r.admm()[i][j] > 1 + 1e-9 && r.easgdAtRho()[i][j] < 1 - 1e-9;
                assertThat(r.admmOnly()[i][j]).isEqualTo(expected);
                only += expected ? 1 : 0;
            }
        }
        assertThat(only).isEqualTo(r.admmOnlyCount()).isPositive();
        assertThat(r.admmDiverging()).isEqualTo(only);             // EASGD (α = ηρ ≤ 0.1) is stable on all of it
        // EASGD's own grid at cell centres η ∈ {.25, .75, 1.25, 1.75}, α ∈ {.125, .375, .625, .875}
        assertThat(r.easgd()[3][3]).isGreaterThan(1);              // η = 1.75, α = .875: outside (bound 0.1)
        assertThat(r.easgd()[0][0]).isLessThan(1);
    }

    @Test
    void badArgumentsNameWhatIsWrong() {
        assertThatThrownBy(() -> RoundRobinMaps.admmRadius(0, 0.1, 1)).hasMessage("p must be in [1, 64], found 0");
        assertThatThrownBy(() -> new StabilityGrid.Axis("rho", 3, 2, 10))
                .hasMessage("rho: need 0 <= min < max, found (3.0, 2.0)");
        assertThatThrownBy(() -> new StabilityGrid.Axis("rho", 0, 2, 101))
                .hasMessage("rho: cells must be in [1, 100], found 101");
    }
}
