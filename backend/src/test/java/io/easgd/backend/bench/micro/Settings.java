package io.easgd.backend.bench.micro;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one {@link MicroBench} run does; every field is a {@code --name=value} argument.
 *
 * @param out results folder (json, csv, png per benchmark)
 * @param copyTo a second folder the results are copied to (e.g. {@code docs/bench}), or null
 * @param which benchmarks to run: p1, p2, p9 (all by default)
 * @param rounds interleaved baseline/subject pairs per ratio (≥ 3 for a reported figure)
 * @param p1Sizes P1's N values
 * @param jmhForks JMH forks per run (0: in this JVM, for the smoke test)
 * @param jmhWarmups JMH warm-up iterations
 * @param jmhIterations JMH measurement iterations
 * @param jmhMillis time of one JMH iteration
 * @param wireN P2/P9's parameter count (a 784-h-10 model as close as can be)
 * @param p2Seconds length of one P2 sample (each side)
 * @param p9Seconds length of one P9 sample (each side)
 * @param p9Agents agents of P9's large job
 * @param computeMillis P9's emulated compute time between an agent's exchanges
 */
record Settings(Path out, Path copyTo, Set<String> which, int rounds, int[] p1Sizes, int jmhForks, int jmhWarmups,
                int jmhIterations, int jmhMillis, int wireN, double p2Seconds, double p9Seconds, int p9Agents,
                long computeMillis) {

    static Settings parse(String... args) {
        Map<String, String> a = new java.util.HashMap<>();
        Set<String> which = new LinkedHashSet<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                a.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else if (arg.equals("all")) {
                which.addAll(Set.of("p1", "p2", "p9"));
            } else if (!arg.isBlank()) {
                which.add(arg.toLowerCase());
            }
        }
        if (which.isEmpty()) {
            which.addAll(Set.of("p1", "p2", "p9"));
        }
        String copy = a.getOrDefault("copy-to", "");
        String[] sizes = a.getOrDefault("p1-sizes", "350000,3500000").split(",");
        int[] n = new int[sizes.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = Integer.parseInt(sizes[i].trim());
        }
        return new Settings(Path.of(a.getOrDefault("out", "target/bench")), copy.isBlank() ? null : Path.of(copy),
                which, Integer.parseInt(a.getOrDefault("rounds", "3")), n,
                Integer.parseInt(a.getOrDefault("jmh-forks", "1")), Integer.parseInt(a.getOrDefault("jmh-warmups", "3")),
                Integer.parseInt(a.getOrDefault("jmh-iterations", "5")),
                Integer.parseInt(a.getOrDefault("jmh-millis", "1000")),
                Integer.parseInt(a.getOrDefault("wire-n", "350000")),
                Double.parseDouble(a.getOrDefault("p2-seconds", "5")),
                Double.parseDouble(a.getOrDefault("p9-seconds", "20")),
                Integer.parseInt(a.getOrDefault("p9-agents", "16")),
                Long.parseLong(a.getOrDefault("compute-millis", "200")));
    }

    /** Seconds-long settings for the CI smoke test. */
    static Settings smoke(Path out) {
        return parse("--out=" + out, "--rounds=1", "--p1-sizes=10000", "--jmh-forks=0", "--jmh-warmups=1",
                "--jmh-iterations=1", "--jmh-millis=100", "--wire-n=10000", "--p2-seconds=0.5", "--p9-seconds=1",
                "--p9-agents=2", "--compute-millis=20");
    }
}
