package io.easgd.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The maps of {@link RoundRobinMaps} are what the platform's rule classes do: p real workers and their
 * real master, taking turns (worker l = t mod p), τ = 1, on F = x²/2 (gradient = x) with N = 2 floats.
 * Two checks per grid point, inside and outside the stable regions:
 * <ol>
 * <li>the state after each of the first cycles equals the map iterated in doubles, to float rounding
 * (relative 1e-5 of the largest entry);</li>
 * <li>the growth per cycle measured over many cycles, (‖s_K‖ / ‖s_{K/2}‖)^{1/(K/2)}, equals the cycle's
 * spectral radius within 0.2 % (the transient of the other eigenvalues and a complex pair's
 * oscillation fade as K grows; K is chosen so the state stays well inside float range).</li>
 * </ol>
 */
class RoundRobinRulesTest {
    /** g = x, without recording (a run takes thousands of steps). */
    private static final Gradient QUADRATIC = (at, out) -> {
        double f = 0;
        for (int k = 0; k < at.length; k++) {
            out[k] = at[k];
            f += 0.5 * at[k] * at[k];
        }
        return f;
    };

    /** p EASGD workers and their master; state per coordinate k = (x_1 … x_p, x̃). */
    private static final class EasgdRun {
        final int p;
        final Easgd.Worker[] workers;
        final InProcessExchange[] exchanges;
        final Easgd.Master master;

        EasgdRun(int p, double eta, double alpha, float[][] x0, float[] c0) {
            this.p = p;
            master = new Easgd.Master((float) alpha);
            master.init(c0);
            workers = new Easgd.Worker[p];
            exchanges = new InProcessExchange[p];
            for (int l = 0; l < p; l++) {
                workers[l] = new Easgd.Worker((float) eta, 1);
                workers[l].init(x0[l]);
                exchanges[l] = new InProcessExchange(master, l);
            }
        }

        void cycle() {
            for (int l = 0; l < p; l++) {
                workers[l].step(QUADRATIC, exchanges[l]);
            }
            for (InProcessExchange e : exchanges) {
                e.uploads.clear();
                e.distances.clear();
            }
        }

        double[] state(int k) {
            double[] s = new double[p + 1];
            for (int l = 0; l < p; l++) {
                s[l] = workers[l].params()[k];
            }
            float[] c = new float[2];
            master.copyCenter(c);
            s[p] = c[k];
            return s;
        }
    }

    @Test
    void easgdRulesFollowTheMapAndGrowByItsSpectralRadius() {
        double[][] points = {          // p, η, α — inside and outside the paper's region
                {1, 1.0, 0.5}, {1, 1.0, 0.7}, {3, 1.0, 0.5}, {3, 1.0, 0.7}, {3, 1.9, 0.2},
                {3, 0.1, 0.3}, {8, 0.5, 0.9}, {8, 0.05, 0.1}};
        for (double[] pt : points) {
            int p = (int) pt[0];
            double eta = pt[1];
            double alpha = pt[2];
            float[][] x0 = new float[p][];
            for (int l = 0; l < p; l++) {
                x0[l] = new float[] {1f + 0.5f * l, -2f + 0.25f * l};
            }
            float[] c0 = {0.5f, 1.5f};
            EasgdRun run = new EasgdRun(p, eta, alpha, x0, c0);
            double[][] map = {run.state(0), run.state(1)};
            double radius = RoundRobinMaps.easgdRadius(p, eta, alpha);

            for (int n = 0; n < 20; n++) {
                run.cycle();
                for (int k = 0; k < 2; k++) {
                    RoundRobinMaps.easgdCycle(map[k], p, (float) eta, (float) alpha);
                    assertClose(run.state(k), map[k], String.format("EASGD p=%d eta=%s alpha=%s cycle %d", p, eta, alpha, n));
                }
            }
            double measured = growth(run::cycle, () -> norm(run.state(0), run.state(1)), radius);
            System.out.printf("EASGD p=%d eta=%s alpha=%s: radius %.6f, measured %.6f%n", p, eta, alpha, radius, measured);
            assertThat(measured).as("EASGD p=%d eta=%s alpha=%s: growth per cycle vs radius %s", p, eta, alpha, radius)
                    .isCloseTo(radius, within(2e-3 * radius));
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * (‖s_K‖/‖s_{K/2}‖)^{1/(K/2)} with K chosen so that radius^K stays within 1e±25 of the start, at
     * most 4000 cycles.
     */
    static double growth(Runnable cycle, java.util.function.DoubleSupplier norm, double radius) {
        double lr = Math.abs(Math.log(radius));
        int k = (int) Math.min(4000, Math.max(40, 25 * Math.log(10) / Math.max(lr, 1e-9)));
        k -= k % 2;
        for (int n = 0; n < k / 2; n++) {
            cycle.run();
        }
        double a = norm.getAsDouble();
        for (int n = 0; n < k / 2; n++) {
            cycle.run();
        }
        double b = norm.getAsDouble();
        return Math.pow(b / a, 1.0 / (k / 2));
    }

    static double norm(double[]... states) {
        double s = 0;
        for (double[] st : states) {
            for (double v : st) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    static void assertClose(double[] actual, double[] expected, String what) {
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("%s, entry %d", what, i).isCloseTo(expected[i], within(1e-5 * scale + 1e-30));
        }
    }
}
