package io.easgd.backend.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * What one benchmark run writes: every figure a ratio of a subject against a baseline measured in
 * the same run (BENCHMARKING.md), with the samples of both sides, plus any raw rows and charts.
 * {@link #write()} puts {@code <name>.json}, {@code <name>.csv} and {@code <name>.png} into the
 * results folder and prints a one-line summary per ratio.
 *
 * <p>A ratio's samples are paired: sample i of the subject was measured right after (or before)
 * sample i of the baseline, interleaved A B A B, so each pair gives one ratio and the report keeps
 * min / median / max of those.
 */
public final class BenchReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Whether a ratio must be at least or at most its target. */
    public enum Goal {
        AT_LEAST("≥"), AT_MOST("≤");

        final String sign;

        Goal(String sign) {
            this.sign = sign;
        }

        boolean met(double value, double target) {
            return this == AT_LEAST ? value >= target : value <= target;
        }
    }

    /** One ratio: subject / baseline, from paired samples (one ratio per pair). */
    public record Ratio(String id, String measure, String unit, Goal goal, double target, double[] subject,
                        double[] baseline) {
        public double[] ratios() {
            double[] r = new double[Math.min(subject.length, baseline.length)];
            for (int i = 0; i < r.length; i++) {
                r[i] = subject[i] / baseline[i];
            }
            return r;
        }

        public double median() {
            return BenchReport.median(ratios());
        }

        public boolean met() {
            return goal.met(median(), target);
        }
    }

    private final String name;
    private final Path dir;
    private final CpuMeter cpu = CpuMeter.start();
    private final Map<String, Object> meta = new LinkedHashMap<>();
    private final List<Ratio> ratios = new ArrayList<>();
    private final List<String> csvHeader = new ArrayList<>();
    private final List<List<Object>> csvRows = new ArrayList<>();
    private final List<Chart<?, ?>> charts = new ArrayList<>();

    public BenchReport(String name, Path dir) {
        this.name = name;
        this.dir = dir;
        meta.put("benchmark", name);
        meta.put("date", Instant.now().toString());
        meta.put("cores", Runtime.getRuntime().availableProcessors());
        meta.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        meta.put("ompNumThreads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
    }

    /** A fact about the run (sizes, settings, what the timing includes). */
    public BenchReport meta(String key, Object value) {
        meta.put(key, value);
        return this;
    }

    public BenchReport ratio(Ratio ratio) {
        ratios.add(ratio);
        return this;
    }

    /** Raw rows for the CSV (e.g. one per sample or per evaluation); the header is set by the first call. */
    public BenchReport csv(List<String> header, List<Object> row) {
        if (csvHeader.isEmpty()) {
            csvHeader.addAll(header);
        }
        csvRows.add(row);
        return this;
    }

    /** A chart for the PNG, beside the others; without one the PNG shows the ratios against their targets. */
    public BenchReport chart(XYChart chart) {
        charts.add(chart);
        return this;
    }

    public List<Ratio> ratios() {
        return List.copyOf(ratios);
    }

    /** Writes json, csv and png into the folder; returns the json's path. */
    public Path write() throws IOException {
        Files.createDirectories(dir);
        ObjectNode root = JSON.createObjectNode();
        meta.forEach((k, v) -> root.set(k, JSON.valueToTree(v)));
        CpuMeter.Usage usage = cpu.stop();
        root.put("wallSeconds", usage.wallSeconds());
        root.put("machineBusyFraction", usage.machineBusy());
        root.put("thisProcessCpuSeconds", usage.processCpuSeconds());
        ArrayNode rs = root.putArray("ratios");
        for (Ratio r : ratios) {
            double[] q = r.ratios();
            ObjectNode n = rs.addObject();
            n.put("id", r.id());
            n.put("measure", r.measure());
            n.put("unit", r.unit());
            n.put("target", r.goal().sign + " " + r.target());
            n.put("median", r.median());
            n.put("min", Arrays.stream(q).min().orElse(Double.NaN));
            n.put("max", Arrays.stream(q).max().orElse(Double.NaN));
            n.put("met", r.met());
            n.set("subject", JSON.valueToTree(r.subject()));
            n.set("baseline", JSON.valueToTree(r.baseline()));
        }
        Path json = dir.resolve(name + ".json");
        JSON.writeValue(json.toFile(), root);
        writeCsv();
        writePng();
        for (Ratio r : ratios) {
            double[] q = r.ratios();
            System.out.printf(Locale.ROOT, "%s %s: %.3f (min %.3f, max %.3f, n=%d) target %s %s -> %s%n", r.id(),
                    r.measure(), r.median(), Arrays.stream(q).min().orElse(Double.NaN),
                    Arrays.stream(q).max().orElse(Double.NaN), q.length, r.goal().sign, r.target(),
                    r.met() ? "MET" : "MISSED");
        }
        System.out.println("wrote " + dir.toAbsolutePath().resolve(name + ".{json,csv,png}")
                + String.format(Locale.ROOT, " (machine busy %.0f%% over %.0f s)", 100 * usage.machineBusy(),
                usage.wallSeconds()));
        return json;
    }

    private void writeCsv() throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(dir.resolve(name + ".csv")))) {
            if (csvRows.isEmpty()) {
                out.println("id,measure,pair,subject,baseline,ratio");
                for (Ratio r : ratios) {
                    double[] q = r.ratios();
                    for (int i = 0; i < q.length; i++) {
                        out.printf(Locale.ROOT, "%s,\"%s\",%d,%s,%s,%s%n", r.id(), r.measure(), i, r.subject()[i],
                                r.baseline()[i], q[i]);
                    }
                }
                return;
            }
            out.println(String.join(",", csvHeader));
            for (List<Object> row : csvRows) {
                List<String> cells = new ArrayList<>();
                for (Object c : row) {
                    cells.add(c instanceof String s ? "\"" + s.replace("\"", "\"\"") + "\"" : String.valueOf(c));
                }
                out.println(String.join(",", cells));
            }
        }
    }

    private void writePng() throws IOException {
        List<Chart<?, ?>> all = new ArrayList<>();
        if (!ratios.isEmpty()) {
            CategoryChart c = new CategoryChartBuilder().width(900).height(420)
                    .title(name + ": measured ratio (median of pairs) and target").yAxisTitle("ratio").build();
            List<String> ids = ratios.stream().map(r -> r.id() + " " + r.goal().sign + " " + r.target()).toList();
            c.addSeries("measured", ids, ratios.stream().map(Ratio::median).toList());
            c.addSeries("target", ids, ratios.stream().map(Ratio::target).toList());
            all.add(c);
        }
        all.addAll(charts);
        if (all.isEmpty()) {
            return;
        }
        BitmapEncoder.saveBitmap(all, all.size(), 1, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
