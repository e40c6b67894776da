package io.easgd.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StabilityTest {

    @Test
    void spectralRadiusIsBelowOneExactlyInsideTheStatedRegion() {
        int checked = 0;
        int stable = 0;
        for (int i = -50; i <= 250; i++) {
            for (int j = -50; j <= 150; j++) {
                double eta = i / 100.0 + 0.003;          // off the grid lines, away from the boundary
                double alpha = j / 100.0 + 0.0007;
                double rho = Stability.spectralRadius(eta, alpha);
                if (Math.abs(rho - 1) < 1e-9) {
                    continue;
                }
                assertThat(rho < 1).as("eta=%s alpha=%s rho=%s", eta, alpha, rho)
                        .isEqualTo(Stability.isStable(eta, alpha));
                checked++;
                stable += rho < 1 ? 1 : 0;
            }
        }
        assertThat(checked).isGreaterThan(60_000);
        assertThat(stable).isGreaterThan(10_000);
    }

    @Test
    void iteratingTheMapAgreesWithTheSpectralRadius() {
        double[][] cases = {{1.0, 0.6}, {1.0, 0.7}, {0.5, 0.8}, {1.9, 0.05}, {1.9, 0.2}};
        for (double[] c : cases) {
            double eta = c[0];
            double alpha = c[1];
            double x = 1;
            double center = -1;
            for (int t = 0; t < 5000; t++) {
                double nx = x - eta * x - alpha * (x - center);
                double nc = center + alpha * (x - center);
                x = nx;
                center = nc;
            }
            boolean converged = Math.abs(x) + Math.abs(center) < 1e-6;
            assertThat(converged).as("eta=%s alpha=%s", eta, alpha).isEqualTo(Stability.isStable(eta, alpha));
        }
    }

    @Test
    void boundaryMatchesThePaperExample() {
        assertThat(Stability.alphaBound(1.0)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(Stability.spectralRadius(1.0, 2.0 / 3)).isCloseTo(1.0, within(1e-12));
        assertThat(Stability.warning(1.0, 0.5)).isNull();
        assertThat(Stability.warning(1.0, 0.7)).contains("outside").contains("0.6667");
    }
}
