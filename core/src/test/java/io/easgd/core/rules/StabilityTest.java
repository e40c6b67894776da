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
        assertThat(Stability.warning(1.0, 0.7)).isEqualTo("(eta, alpha) = (1, 0.7) lies outside the region where "
                + "the paper proves EASGD stable (asynchronous, round-robin analysis on f = x^2/2 with tau = 1): "
                + "0 < eta < 2 and 0 < alpha < (4 - 2 eta)/(4 - eta), which is 0.6666 at eta = 1: use alpha < 0.6666" + Stability.SOURCE);
        // (4 − 2·1)/(4 − 1) = 2/3 = 0.66666…, rounded down so that the advice is inside the region
        assertThat(Stability.warning(2.5, 0.2)).contains("(eta, alpha) = (2.5, 0.2) lies outside the region")
                .endsWith("no alpha is stable at eta = 2.5: use 0 < eta < 2" + Stability.SOURCE);
    }

    // ------------------------------------------------------------------ synchronous EASGD

    @Test
    void syncSpectralRadiusIsBelowOneExactlyInsideTheDerivedRegion() {
        // eigenvalues of the mean-field 2×2 map and the deviation factor vs the closed form
        // 0 < η < 2 and 0 < α < 2(2 − η)/(2 + p(2 − η))
        int checked = 0;
        int stable = 0;
        for (int p : new int[] {1, 2, 3, 4, 8, 16, 64, 1024}) {
            for (int i = -50; i <= 250; i += 2) {
                for (int j = -50; j <= 150; j++) {
                    double eta = i / 100.0 + 0.003;
                    double alpha = j / 100.0 + 0.0007;
                    double rho = Stability.spectralRadiusSync(eta, alpha, p);
                    if (Math.abs(rho - 1) < 1e-9) {
                        continue;
                    }
                    assertThat(rho < 1).as("p=%s eta=%s alpha=%s rho=%s", p, eta, alpha, rho)
                            .isEqualTo(Stability.isStableSync(eta, alpha, p));
                    checked++;
                    stable += rho < 1 ? 1 : 0;
                }
            }
        }
        assertThat(checked).isGreaterThan(200_000);
        assertThat(stable).isGreaterThan(10_000);
    }

    @Test
    void withOneWorkerTheSyncRegionIsThePapersRoundRobinRegion() {
        for (double eta = 0.01; eta < 2; eta += 0.01) {
            assertThat(Stability.alphaBoundSync(eta, 1)).isCloseTo(Stability.alphaBound(eta), within(1e-12));
            for (double alpha = 0.01; alpha < 1.5; alpha += 0.01) {
                assertThat(Stability.spectralRadiusSync(eta, alpha, 1))
                        .isCloseTo(Stability.spectralRadius(eta, alpha), within(1e-12));
            }
        }
    }

    @Test
    void iteratingTheFullSynchronousMapOnRandomVectorsGivesTheSameSpectralRadius() {
        java.util.Random random = new java.util.Random(7);
        for (int p : new int[] {1, 2, 3, 8}) {
            for (double eta = 0.05; eta < 2.2; eta += 0.3) {
                for (double alpha = 0.02; alpha < 1.0; alpha += 0.07) {
                    double rho = Stability.spectralRadiusSync(eta, alpha, p);
                    double iterated = iteratedSyncRadius(eta, alpha, p, 1, 3000, random);
                    assertThat(iterated).as("p=%s eta=%s alpha=%s", p, eta, alpha).isCloseTo(rho, within(5e-3));
                    if (Math.abs(rho - 1) > 0.01) {
                        assertThat(iterated < 1).isEqualTo(Stability.isStableSync(eta, alpha, p));
                    }
                }
            }
        }
    }

    @Test
    void eightWorkersWithAlphaPointFourFiveAreUnstableWhateverTheRate() {
        // β = 8 · 0.45 = 3.6: the center's own factor 1 − β = −2.6 alone is far outside the circle
        java.util.Random random = new java.util.Random(11);
        for (double eta : new double[] {0.001, 0.01, 0.05, 0.1, 0.5, 1.0, 1.5, 1.99}) {
            double iterated = iteratedSyncRadius(eta, 0.45, 8, 1, 400, random);
            assertThat(iterated).as("eta=%s", eta).isGreaterThan(2.5);
            assertThat(Stability.spectralRadiusSync(eta, 0.45, 8)).isGreaterThan(2.5);
            assertThat(Stability.isStableSync(eta, 0.45, 8)).isFalse();
        }
        // the bound at η = 0.05: 2(2 − 0.05)/(2 + 8(2 − 0.05)) = 3.9/17.6 = 0.2215909…, β < 1.7727…
        assertThat(Stability.alphaBoundSync(0.05, 8)).isCloseTo(3.9 / 17.6, within(1e-15));
        assertThat(Stability.isStableSync(0.05, 0.2215, 8)).isTrue();
        assertThat(Stability.isStableSync(0.05, 0.2216, 8)).isFalse();
        assertThat(iteratedSyncRadius(0.05, 0.21, 8, 1, 3000, random)).isLessThan(1);
        assertThat(iteratedSyncRadius(0.05, 0.23, 8, 1, 3000, random)).isGreaterThan(1);
        // the paper's β = 0.9 is inside for every p at small η
        for (int p : new int[] {2, 4, 8, 16, 1024}) {
            assertThat(Stability.isStableSync(0.05, 0.9 / p, p)).isTrue();
        }
    }

    @Test
    void theRealSynchronousRuleDivergesOrConvergesAsTheAnalysisSays() throws Exception {
        // p = 8 threads of Easgd.Worker (τ = 1, η = 0.05, g(x) = x) against SyncEasgd.Master
        // α = 0.45: ρ = 3.06, the center passes 1e6 within 40 rounds; α = 0.2: ρ = 0.956, it decays
        assertThat(runSync(0.45f, 40)).isGreaterThan(1e6);
        assertThat(runSync(0.2f, 400)).isLessThan(1e-3);
    }

    private static double runSync(float alpha, int steps) throws Exception {
        int p = 8;
        SyncEasgd.Master master = new SyncEasgd.Master(alpha, p);
        master.init(new float[] {1f, -0.5f});
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.CompletableFuture<Void>> runs = new java.util.ArrayList<>();
        for (int i = 0; i < p; i++) {
            int rank = i;
            java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    Easgd.Worker w = new Easgd.Worker(0.05f, 1);
                    w.init(new float[] {1f + rank * 0.01f, -0.5f});     // the deviation modes excited too
                    InProcessExchange ex = new InProcessExchange(master, rank);
                    Gradient g = (at, out) -> {
                        System.arraycopy(at, 0, out, 0, at.length);
                        return 0;
                    };
                    start.await();
                    for (int s = 0; s < steps; s++) {
                        w.step(g, ex);
                    }
                    done.complete(null);
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                }
            });
            t.start();
            runs.add(done);
        }
        start.countDown();
        java.util.concurrent.CompletableFuture.allOf(runs.toArray(new java.util.concurrent.CompletableFuture[0]))
                .get(60, java.util.concurrent.TimeUnit.SECONDS);
        float[] c = new float[2];
        master.copyCenter(c);
        return Vec.norm(c);
    }

    @Test
    void forTauAboveOneAndEtaAtMostOneTheTauOneRegionIsConservative() {
        // period map with c = (1 − η)^(τ−1): worker row scaled by c; checked by iterating it
        java.util.Random random = new java.util.Random(3);
        int checked = 0;
        for (int p : new int[] {1, 2, 4, 8}) {
            for (double eta = 0.05; eta <= 1.0; eta += 0.15) {
                double bound = Stability.alphaBoundSync(eta, p);
                for (double f : new double[] {0.1, 0.5, 0.9, 0.97}) {
                    for (int tau : new int[] {2, 4, 16}) {
                        assertThat(iteratedSyncRadius(eta, f * bound, p, tau, 2000, random))
                                .as("p=%s eta=%s alpha=%s tau=%s", p, eta, f * bound, tau).isLessThan(1);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isEqualTo(4 * 7 * 4 * 3);
    }

    @Test
    void syncWarningSaysWhichConditionFailedWithItsNumbers() {
        assertThat(Stability.warningSync(0.05, 0.45, 8)).isEqualTo("alpha = 0.45 with p = 8 workers gives "
                + "beta = p*alpha = 3.6; the synchronous EASGD map on f = x^2/2 (tau = 1) is stable only for "
                + "beta < 2p(2 - eta)/(2 + p(2 - eta)), which is 1.772 at eta = 0.05: use alpha < 0.2215" + Stability.SOURCE);
        // 8 · 3.9/17.6 = 1.77272… → 1.772; 3.9/17.6 = 0.221590… → 0.2215 (rounded down)
        assertThat(Stability.warningSync(0.05, 0.9 / 8, 8)).isNull();
        assertThat(Stability.warningSync(2.5, 0.1, 3)).startsWith("alpha = 0.1 with p = 3 workers gives beta = "
                + "p*alpha = 0.3; ").endsWith("is unstable for every alpha at eta = 2.5 (each worker's own step "
                + "x - eta x already overshoots): use 0 < eta < 2" + Stability.SOURCE);
    }

    /**
     * ‖z_K‖/‖z_{K/2}‖ to the power 2/K for the synchronous map iterated on a random start, τ local
     * steps per period: x_i ← (1 − η)^(τ−1) ((1 − η − α) x_i + α x̃), x̃ ← (1 − β) x̃ + β mean x_i.
     */
    static double iteratedSyncRadius(double eta, double alpha, int p, int tau, int k,
            java.util.Random random) {
        double beta = p * alpha;
        double c = Math.pow(1 - eta, tau - 1);
        double[] x = new double[p];
        double center = random.nextGaussian();
        for (int i = 0; i < p; i++) {
            x[i] = random.nextGaussian();
        }
        double logGrowth = 0;
        for (int t = 0; t < k; t++) {
            double mean = 0;
            for (double xi : x) {
                mean += xi / p;
            }
            for (int i = 0; i < p; i++) {
                x[i] = c * ((1 - eta - alpha) * x[i] + alpha * center);
            }
            center = (1 - beta) * center + beta * mean;
            double norm = center * center;
            for (double xi : x) {
                norm += xi * xi;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < p; i++) {
                x[i] /= norm;
            }
            center /= norm;
            if (t >= k / 2) {
                logGrowth += Math.log(norm);
            }
        }
        return Math.exp(logGrowth / (k - k / 2));
    }

    // ------------------------------------------------------------------ DOWNPOUR

    @Test
    void belowPiOverTwoTheRoundRobinDownpourModelIsStable() {
        // the round-robin model iterated: worker i pushes v_i, pulls c, its τ steps give
        // v_i = ((1 − η)^τ − 1) c; the order is 0, 1, …, p − 1, so each push is p − 1 pushes stale
        java.util.Random random = new java.util.Random(5);
        int checked = 0;
        for (int p : new int[] {2, 3, 4, 8, 16, 32, 128}) {
            for (int tau : new int[] {1, 2, 3, 4, 16, 64}) {
                for (double f : new double[] {0.05, 0.5, 0.9, 0.95}) {
                    double eta = f * Stability.DOWNPOUR_LIMIT / (p * tau);
                    assertThat(Stability.downpourWithinLimit(eta, tau, p)).isTrue();
                    assertThat(iteratedDownpourRadius(eta, tau, p, 4000, random))
                            .as("p=%s tau=%s eta=%s", p, tau, eta).isLessThan(1);
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(7 * 6 * 4);
    }

    @Test
    void withTauOneThePiOverTwoLimitIsTheDelayEquationsBoundForManyWorkers() {
        // c_{t+1} = c_t − η c_{t−(p−1)} is stable iff η < 2 sin(π/(2(2p − 1))): check it by iteration,
        // and that p times that bound decreases towards π/2 from above
        java.util.Random random = new java.util.Random(9);
        double previous = Double.POSITIVE_INFINITY;
        for (int p : new int[] {2, 3, 4, 8, 16, 64}) {
            double etaMax = 2 * Math.sin(Math.PI / (2 * (2 * p - 1)));
            assertThat(iteratedDownpourRadius(0.97 * etaMax, 1, p, 6000, random)).as("p=%s", p).isLessThan(1);
            assertThat(iteratedDownpourRadius(1.03 * etaMax, 1, p, 6000, random)).as("p=%s", p).isGreaterThan(1);
            assertThat(p * etaMax).isGreaterThan(Stability.DOWNPOUR_LIMIT).isLessThan(previous);
            previous = p * etaMax;
        }
        assertThat(1024 * 2 * Math.sin(Math.PI / (2 * (2 * 1024 - 1)))).isCloseTo(Math.PI / 2, within(1e-3));
    }

    @Test
    void theSynchronousEquivalentModelIsStableForEveryCurvatureUpToOneWhenPTauEtaIsBelowTwo() {
        // factor 1 − p(1 − (1 − ηh)^τ) ∈ (1 − pτηh, 1) ⊂ (−1, 1) by Bernoulli's inequality
        for (int p : new int[] {1, 2, 3, 4, 8, 64}) {
            for (int tau : new int[] {1, 2, 4, 16, 64}) {
                for (double f = 0.01; f < 1; f += 0.01) {
                    double eta = f * 2 / (p * tau);
                    for (double h = 0.01; h <= 1; h += 0.01) {
                        assertThat(Math.abs(Stability.downpourSyncFactor(eta * h, tau, p))).isLessThan(1);
                    }
                }
            }
        }
        // and it is not necessary: on the pure quadratic two workers saturate (factor near −1, stable)
        assertThat(Stability.downpourSyncFactor(0.05, 64, 2)).isCloseTo(-0.925, within(1e-3));
        assertThat(Stability.downpourWithinLimit(0.05, 64, 2)).isFalse();
    }

    @Test
    void theRealDownpourRuleInRoundRobinFollowsTheModel() {
        // p·τ·η = 1.44 and 1.536: decays; p·τ·η = 3.2 (the paper's p = 4, τ = 16): grows;
        // p = 16, τ = 1, η = 0.11: p·τ·η = 1.76 < 2, stable in the synchronous model (factor −0.76)
        // but the round-robin radius is 1.063: the reason the warning uses π/2, not 2
        assertThat(runDownpour(8, 4, 0.045f, 300)).isLessThan(1e-6);
        assertThat(runDownpour(16, 4, 0.024f, 300)).isLessThan(1e-3);
        assertThat(runDownpour(4, 16, 0.05f, 150)).isGreaterThan(1e6);
        assertThat(runDownpour(16, 1, 0.11f, 600)).isGreaterThan(1e6);
        assertThat(Stability.downpourSyncFactor(0.11, 1, 16)).isCloseTo(-0.76, within(1e-12));
    }

    /** |x̃| after {@code rounds} rounds of p real Downpour workers taking τ steps each, in turn. */
    private static double runDownpour(int p, int tau, float eta, int rounds) {
        Downpour.Master master = new Downpour.Master();
        master.init(new float[] {1f, -1f});
        Downpour.Worker[] workers = new Downpour.Worker[p];
        InProcessExchange[] ex = new InProcessExchange[p];
        for (int i = 0; i < p; i++) {
            workers[i] = new Downpour.Worker(eta, tau);
            workers[i].init(new float[] {1f, -1f});
            ex[i] = new InProcessExchange(master, i);
        }
        Gradient g = (at, out) -> {
            System.arraycopy(at, 0, out, 0, at.length);
            return 0;
        };
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < p; i++) {
                for (int s = 0; s < tau; s++) {
                    workers[i].step(g, ex[i]);
                }
            }
            ex[0].uploads.clear();                          // keep memory flat
        }
        return Vec.norm(ex[0].center());
    }

    @Test
    void downpourWarningSaysWhichConditionFailedWithItsNumbers() {
        // 2·64·0.05 = 6.4; τ < π/(2·2·0.05) = 15.7 → τ ≤ 15; η < π/(2·2·64) = 0.012271… → 0.01227
        assertThat(Stability.warningDownpour(0.05, 64, 2)).isEqualTo("p*tau*eta = 2*64*0.05 = 6.4 is not below "
                + "pi/2 (about 1.571), the bound under which DOWNPOUR-style pushes stay stable on f = x^2/2 "
                + "(p workers each pushing tau accumulated steps of size eta in turn); above it the center can "
                + "overshoot the optimum and diverge (the paper saw DOWNPOUR diverge at tau >= 16): use "
                + "tau <= 15 at eta = 0.05, or eta < 0.01227 at tau = 64" + Stability.SOURCE);
        // the paper's setting: 4·16·0.05 = 3.2; τ < π/0.4 = 7.85 → 7; η < π/128 = 0.024543… → 0.02454
        assertThat(Stability.warningDownpour(0.05, 16, 4)).startsWith("p*tau*eta = 4*16*0.05 = 3.2 is not below")
                .endsWith("use tau <= 7 at eta = 0.05, or eta < 0.02454 at tau = 16" + Stability.SOURCE);
        // 8·1·0.25 = 2: no τ ≥ 1 is inside; η < π/16 = 0.19634… → 0.1963
        assertThat(Stability.warningDownpour(0.25, 1, 8)).startsWith("p*tau*eta = 8*1*0.25 = 2 is not below")
                .endsWith("use eta < 0.1963 at tau = 1 (no tau >= 1 is inside at eta = 0.25)" + Stability.SOURCE);
        assertThat(Stability.warningDownpour(0.05, 10, 2)).isNull();            // 1.0
        assertThat(Stability.warningDownpour(0.05, 15, 2)).isNull();            // 1.5
        assertThat(Stability.warningDownpour(0.05, 16, 2)).isNotNull();         // 1.6
        // one worker: SGD on the center
        assertThat(Stability.warningDownpour(1.5, 64, 1)).isNull();
        assertThat(Stability.warningDownpour(2.5, 1, 1)).isEqualTo("eta = 2.5 with one worker: DOWNPOUR is then "
                + "SGD on the center, which diverges on f = x^2/2 unless 0 < eta < 2: use 0 < eta < 2" + Stability.SOURCE);
    }

    @Test
    void admmWarningComesFromItsRoundRobinMapForTheSpecsP() {
        // the paper's example: stable at p = 2 (radius 0.99900), divergent at p = 3 (1.00097)
        assertThat(Stability.warningAdmm(0.001, 2.5, 2)).isNull();
        String w = Stability.warningAdmm(0.001, 2.5, 3);
        assertThat(w).startsWith("ADMM at (eta, rho) = (0.001, 2.5) with p = 3 workers: its round-robin map on "
                + "f = x^2/2 (tau = 1) has spectral radius 1.00097 per cycle of p turns, above 1")
                .endsWith("; EASGD with the same eta and alpha = eta*rho = 0.0025 is stable there" + Stability.SOURCE);
        // the advice is checked: the η it names converges at the same ρ, the 10 % step below it does not
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("from about eta = ([0-9.]+) ").matcher(w);
        assertThat(m.find()).as(w).isTrue();
        double up = Double.parseDouble(m.group(1));
        assertThat(RoundRobinMaps.admmRadius(3, up, 2.5)).isLessThan(1);
        assertThat(RoundRobinMaps.admmRadius(3, up / 1.1, 2.5)).isGreaterThan(1);
        assertThat(Stability.warningAdmm(0.05, 2.5, 3)).isNull();            // 0.9479
        assertThat(Stability.warningAdmm(0.001, 2.5, 1)).isNull();           // p = 1: 1 − η
        assertThat(Stability.warningAdmm(0.001, 2.5, Stability.ADMM_MAX_P + 1)).isNull();   // not computed
    }

    @Test
    void easgdRoundRobinWithSeveralWorkersCanBeStableJustOutsideTheOneWorkerRegion() {
        // η = 0.325: the p = 1 bound is (4 − 0.65)/(4 − 0.325) = 0.91156…; α = 0.9125 is outside it
        assertThat(Stability.isStable(0.325, 0.9125)).isFalse();
        assertThat(RoundRobinMaps.easgdRadius(1, 0.325, 0.9125)).isGreaterThan(1);
        assertThat(RoundRobinMaps.easgdRadius(2, 0.325, 0.9125)).isCloseTo(0.956, within(1e-3));
    }

    /**
     * Growth per round of the round-robin DOWNPOUR model on f = x²/2, iterated on a random start of
     * (x̃, v_1, …, v_p): worker i in turn does x̃ ← x̃ + v_i, then v_i ← ((1 − η)^τ − 1) x̃.
     */
    static double iteratedDownpourRadius(double eta, int tau, int p, int k, java.util.Random random) {
        double q = Math.pow(1 - eta, tau) - 1;
        double[] v = new double[p];
        double center = random.nextGaussian();
        for (int i = 0; i < p; i++) {
            v[i] = random.nextGaussian();
        }
        double logGrowth = 0;
        for (int t = 0; t < k; t++) {
            for (int i = 0; i < p; i++) {
                center += v[i];
                v[i] = q * center;
            }
            double norm = center * center;
            for (double vi : v) {
                norm += vi * vi;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < p; i++) {
                v[i] /= norm;
            }
            center /= norm;
            if (t >= k / 2) {
                logGrowth += Math.log(norm);
            }
        }
        return Math.exp(logGrowth / (k - k / 2));
    }
}
