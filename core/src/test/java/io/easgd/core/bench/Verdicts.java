package io.easgd.core.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.easgd.core.bench.PaperExperiments.Result;
import io.easgd.core.spec.Json;
import io.easgd.core.training.RunReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The paper's claims, each decided from the runs of {@link PaperExperiments} with the rule written
 * next to it, so that a verdict can be checked by hand from {@code paper-experiments.json}. A time to
 * the target that was not reached counts as +∞ in a median; medians are over seeds.
 */
final class Verdicts {
    /** An elastic method "holds" at a τ when its median best test error is within this of its τ = 1 one. */
    static final double HOLD_MARGIN = 0.02;
    /** DOWNPOUR "becomes unstable" at a τ: half its seeds diverged, or its best error is this much worse than at τ = 1. */
    static final double UNSTABLE_MARGIN = 0.05;

    private Verdicts() {
    }

    static ObjectNode compute(List<Result> results, double target) {
        ObjectNode v = Json.MAPPER.createObjectNode();
        v.set("eamsgdFastest", eamsgdFastest(results, target));
        v.set("elasticHoldDownpourUnstable", holdAndUnstable(results));
        v.set("explorationLowersError", exploration(results));
        v.set("speedupGrowsWithP", speedup(results));
        v.set("p4", p4(results));
        return v;
    }

    /** In every setting (each τ at p = 4, each p at τ = 10) EAMSGD's median time to the target is the least. */
    private static ObjectNode eamsgdFastest(List<Result> results, double target) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("rule", "in each setting (tau in {1,4,16,64} at p = 4; p in {4,8,16} at tau = 10), EAMSGD's median "
                + "virtual time to test error " + target + " is the least of all methods, single-worker ones included");
        ArrayNode settings = n.putArray("settings");
        int wins = 0;
        int total = 0;
        List<String[]> keys = new ArrayList<>();
        PaperExperiments.TAUS.forEach(t -> keys.add(new String[] {"tau", "4", String.valueOf(t)}));
        PaperExperiments.PS.forEach(p -> keys.add(new String[] {"p", String.valueOf(p), "10"}));
        for (String[] k : keys) {
            String group = k[0];
            int p = Integer.parseInt(k[1]);
            int tau = Integer.parseInt(k[2]);
            List<String> methods = new ArrayList<>(PaperExperiments.DISTRIBUTED);
            methods.addAll(PaperExperiments.SINGLE);
            String best = null;
            double bestTime = Double.POSITIVE_INFINITY;
            ObjectNode s = settings.addObject().put("setting", group.equals("tau") ? "p=4 tau=" + tau : "tau=10 p=" + p);
            ObjectNode times = s.putObject("medianSecondsToTarget");
            for (String m : methods) {
                boolean single = PaperExperiments.SINGLE.contains(m);
                Predicate<Result> of = r -> r.run().method().equals(m) && (single ? r.run().group().equals("single")
                        : r.run().group().equals(group) && r.run().p() == p
                        && (r.run().tau() == tau || m.equals("MDOWNPOUR")));
                double[] ts = results.stream().filter(of).mapToDouble(Result::secondsToTarget).toArray();
                if (ts.length == 0) {
                    continue;
                }
                double med = median(ts);
                putTime(times, m, med);
                if (med < bestTime) {
                    bestTime = med;
                    best = m;
                }
            }
            s.put("fastest", best == null ? "none reached the target" : best);
            total++;
            if ("EAMSGD".equals(best)) {
                wins++;
            }
        }
        n.put("eamsgdFastestIn", wins + " of " + total);
        n.put("verdict", wins == total ? "holds" : wins * 2 > total ? "partly" : "does not hold");
        return n;
    }

    /** EASGD/EAMSGD within {@link #HOLD_MARGIN} of their τ = 1 error at every τ; DOWNPOUR unstable at τ ≥ 16. */
    private static ObjectNode holdAndUnstable(List<Result> results) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("rule", String.format(Locale.ROOT, "at p = 4: EASGD and EAMSGD hold at a tau when their median best test "
                + "error is within %.2f of their tau = 1 one and no seed diverged; DOWNPOUR is unstable at a tau when half "
                + "its seeds diverged or its median best error is more than %.2f above its tau = 1 one", HOLD_MARGIN,
                UNSTABLE_MARGIN));
        boolean allHold = true;
        for (String m : List.of("EASGD", "EAMSGD")) {
            ObjectNode mm = n.putObject(m);
            double base = bestError(results, "tau", m, 4, 1);
            for (int tau : PaperExperiments.TAUS) {
                double e = bestError(results, "tau", m, 4, tau);
                long diverged = diverged(results, "tau", m, 4, tau);
                boolean holds = diverged == 0 && e <= base + HOLD_MARGIN;
                allHold &= holds;
                mm.put("tau" + tau, String.format(Locale.ROOT, "median best %.4f, %d diverged: %s", e, diverged,
                        holds ? "holds" : "does not hold"));
            }
        }
        ObjectNode d = n.putObject("DOWNPOUR");
        double base = bestError(results, "tau", "DOWNPOUR", 4, 1);
        boolean unstableHigh = true;
        for (int tau : PaperExperiments.TAUS) {
            double e = bestError(results, "tau", "DOWNPOUR", 4, tau);
            long diverged = diverged(results, "tau", "DOWNPOUR", 4, tau);
            long seeds = results.stream().filter(r -> r.run().group().equals("tau") && r.run().method().equals("DOWNPOUR")
                    && r.run().tau() == tau).count();
            boolean unstable = 2 * diverged >= seeds || e > base + UNSTABLE_MARGIN;
            if (tau >= 16) {
                unstableHigh &= unstable;
            }
            d.put("tau" + tau, String.format(Locale.ROOT, "median best %.4f, %d of %d diverged: %s", e, diverged, seeds,
                    unstable ? "unstable" : "stable"));
        }
        n.put("elasticHold", allHold ? "holds" : "does not hold");
        n.put("downpourUnstableAtTau16Plus", unstableHigh ? "holds" : "does not hold");
        n.put("verdict", allHold && unstableHigh ? "holds" : allHold || unstableHigh ? "partly" : "does not hold");
        return n;
    }

    /** EASGD/EAMSGD: the median best error falls from τ = 1 to τ = 64 and from β = 0.9 to the least pull. */
    private static ObjectNode exploration(List<Result> results) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("rule", "for EASGD and EAMSGD at p = 4: the median best test error at tau = 64 is below the one at tau = 1, "
                + "and at tau = 10 the one with the least elastic pull (beta = 0.225, rho = beta/(p eta)) is below "
                + "the one at beta = 0.9");
        int yes = 0;
        int total = 0;
        for (String m : List.of("EASGD", "EAMSGD")) {
            ObjectNode mm = n.putObject(m);
            ArrayNode byTau = mm.putArray("medianBestByTau");
            for (int tau : PaperExperiments.TAUS) {
                byTau.add(bestError(results, "tau", m, 4, tau));
            }
            boolean tauLower = bestError(results, "tau", m, 4, 64) < bestError(results, "tau", m, 4, 1);
            double strong = bestError(results, "p", m, 4, 10);
            ArrayNode byBeta = mm.putArray("medianBestByBeta");
            byBeta.addObject().put("beta", PaperExperiments.BETA).put("error", strong);
            double weakest = Double.NaN;
            for (double beta : PaperExperiments.LESS_PULL) {
                double e = median(results.stream().filter(r -> r.run().group().equals("rho") && r.run().method().equals(m)
                        && r.run().beta() == beta).mapToDouble(r -> r.report().bestTestError()).toArray());
                byBeta.addObject().put("beta", beta).put("error", e);
                weakest = e;
            }
            boolean rhoLower = weakest < strong;
            mm.put("largerTauLower", tauLower);
            mm.put("smallerRhoLower", rhoLower);
            yes += (tauLower ? 1 : 0) + (rhoLower ? 1 : 0);
            total += 2;
        }
        n.put("verdict", yes == total ? "holds" : yes > 0 ? "partly (" + yes + " of " + total + ")" : "does not hold");
        return n;
    }

    /** Speed-up over single-worker MSGD (median times) grows from p = 4 to 8 to 16, for EAMSGD and EASGD. */
    private static ObjectNode speedup(List<Result> results) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        double base = medianTime(results, "single", "MSGD", 1);
        n.put("rule", "the speed-up T(MSGD, 1 worker) / T(method, p) to the target, median times, tau = 10, increases "
                + "from p = 4 to p = 8 to p = 16");
        putTime(n, "msgdMedianSeconds", base);
        int grows = 0;
        List<String> methods = PaperExperiments.DISTRIBUTED;
        for (String m : methods) {
            ArrayNode s = n.putArray(m);
            double prev = Double.NEGATIVE_INFINITY;
            boolean up = true;
            for (int p : PaperExperiments.PS) {
                double sp = base / medianTime(results, "p", m, p);
                s.add(Double.isFinite(sp) ? sp : 0);
                up &= Double.isFinite(sp) && sp > prev;
                prev = sp;
            }
            if (up && (m.equals("EASGD") || m.equals("EAMSGD"))) {
                grows++;
            }
        }
        n.put("verdict", grows == 2 ? "holds (EASGD and EAMSGD)" : grows == 1 ? "partly (one of EASGD, EAMSGD)"
                : "does not hold");
        return n;
    }

    /** P4 on the virtual cluster: EAMSGD at p = 8 over the link against one MSGD worker, beside DOWNPOUR's. */
    private static ObjectNode p4(List<Result> results) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        double base = medianTime(results, "single", "MSGD", 1);
        for (String m : List.of("EAMSGD", "EASGD", "DOWNPOUR", "MDOWNPOUR")) {
            double t = medianTime(results, "p", m, 8);
            n.put(m + "SpeedupAtP8", Double.isFinite(base / t) ? base / t : 0);
        }
        return n;
    }

    private static double bestError(List<Result> results, String group, String m, int p, int tau) {
        return median(results.stream().filter(r -> r.run().group().equals(group) && r.run().method().equals(m)
                && r.run().p() == p && (r.run().tau() == tau || m.equals("MDOWNPOUR")))
                .mapToDouble(r -> r.report().bestTestError()).map(e -> Double.isNaN(e) ? 1 : e).toArray());
    }

    private static long diverged(List<Result> results, String group, String m, int p, int tau) {
        return results.stream().filter(r -> r.run().group().equals(group) && r.run().method().equals(m) && r.run().p() == p
                && r.run().tau() == tau && r.report().outcome() == RunReport.Outcome.DIVERGED).count();
    }

    private static double medianTime(List<Result> results, String group, String m, int p) {
        return median(results.stream().filter(r -> r.run().group().equals(group) && r.run().method().equals(m)
                && r.run().p() == p).mapToDouble(Result::secondsToTarget).toArray());
    }

    private static void putTime(ObjectNode n, String key, double t) {
        if (Double.isFinite(t)) {
            n.put(key, t);
        } else {
            n.put(key, "not reached");
        }
    }

    /** The median, NaN (not reached) counting as +∞; NaN for no values. */
    static double median(double[] xs) {
        if (xs.length == 0) {
            return Double.NaN;
        }
        double[] s = Arrays.stream(xs).map(x -> Double.isNaN(x) ? Double.POSITIVE_INFINITY : x).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
