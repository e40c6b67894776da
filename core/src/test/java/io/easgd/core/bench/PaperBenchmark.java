package io.easgd.core.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.easgd.core.data.Dataset;
import io.easgd.core.data.MnistSample;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.spec.Json;
import io.easgd.core.training.InProcessRunner;
import io.easgd.core.training.JobModel;
import io.easgd.core.training.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The paper's comparison on this machine, in-process (p worker threads, one master): the center's
 * test error against wall time and against payload bytes for EASGD, EAMSGD and DOWNPOUR at τ = 1
 * and τ = 10, each measured against single-worker MSGD run in the same process moments before.
 * Shared, noisy machines make absolute times unstable; the ratios to the baseline are the result.
 * Writes {@code target/bench/paper-mnist.{json,csv,png}}.
 *
 * <pre>mvn -B -pl core -Pbench verify</pre>
 */
public final class PaperBenchmark {
    private static final double TARGET_ERROR = 0.05;

    record Config(String label, String spec) {
    }

    public static void main(String[] args) throws IOException {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 1500;
        Path out = Path.of(args.length > 1 ? args[1] : "target/bench");
        Files.createDirectories(out);
        Dataset mnist = Dataset.load(MnistSample.ensure(out.resolve("datasets")));
        String stop = ",\"model\":\"mlp\",\"seed\":42,\"stop\":{\"maxSteps\":" + steps + "}}";
        List<Config> configs = List.of(
                new Config("MSGD p=1 (baseline)", "{\"algorithm\":\"MSGD\",\"workers\":1,\"tau\":10,\"eta\":0.1,\"delta\":0.9" + stop),
                new Config("EASGD p=2 tau=1", "{\"algorithm\":\"EASGD\",\"workers\":2,\"tau\":1,\"eta\":0.1" + stop),
                new Config("EASGD p=2 tau=10", "{\"algorithm\":\"EASGD\",\"workers\":2,\"tau\":10,\"eta\":0.1" + stop),
                new Config("EAMSGD p=2 tau=1", "{\"algorithm\":\"EAMSGD\",\"workers\":2,\"tau\":1,\"eta\":0.1,\"delta\":0.9" + stop),
                new Config("EAMSGD p=2 tau=10", "{\"algorithm\":\"EAMSGD\",\"workers\":2,\"tau\":10,\"eta\":0.1,\"delta\":0.9" + stop),
                new Config("DOWNPOUR p=2 tau=1", "{\"algorithm\":\"DOWNPOUR\",\"workers\":2,\"tau\":1,\"eta\":0.1" + stop),
                new Config("DOWNPOUR p=2 tau=10", "{\"algorithm\":\"DOWNPOUR\",\"workers\":2,\"tau\":10,\"eta\":0.1" + stop));

        List<RunReport> reports = new ArrayList<>();
        for (Config c : configs) {
            RunReport r = new InProcessRunner(new JobModel(JobSpec.parse(c.spec()), mnist), 100,
                    new InProcessRunner.Listener() {
                    }).run();
            reports.add(r);
            System.out.printf(Locale.ROOT, "%-22s %-9s best test error %.4f, %.1f s, %.1f MB payload%n", c.label(),
                    r.outcome(), r.bestTestError(), r.wallSeconds(), (r.payloadBytesUp() + r.payloadBytesDown()) / 1e6);
        }

        RunReport base = reports.get(0);
        double baseTime = timeToTarget(base);
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("machine", Runtime.getRuntime().availableProcessors() + " cores, OMP_NUM_THREADS="
                + System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        json.put("dataset", "mnist-10k (8,000 train / 2,000 test)");
        json.put("stepsPerWorker", steps);
        json.put("targetTestError", TARGET_ERROR);
        ArrayNode runs = json.putArray("runs");
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out.resolve("paper-mnist.csv")))) {
            csv.println("run,seconds,step,payload_bytes,test_error,test_loss");
            for (int i = 0; i < configs.size(); i++) {
                RunReport r = reports.get(i);
                double t = timeToTarget(r);
                ObjectNode run = runs.addObject();
                run.put("run", configs.get(i).label());
                run.set("spec", Json.MAPPER.readTree(configs.get(i).spec()));
                run.put("outcome", r.outcome().name());
                run.put("bestTestError", r.bestTestError());
                run.put("finalTestError", r.last() == null ? Double.NaN : r.last().testError());
                run.put("wallSeconds", r.wallSeconds());
                run.put("payloadBytes", r.payloadBytesUp() + r.payloadBytesDown());
                run.put("secondsToTarget", Double.isNaN(t) ? null : t);
                run.put("speedupOverBaseline", Double.isNaN(t) || Double.isNaN(baseTime) ? null : baseTime / t);
                for (RunReport.EvalPoint e : r.evaluations()) {
                    csv.printf(Locale.ROOT, "\"%s\",%.3f,%d,%d,%.5f,%.5f%n", configs.get(i).label(), e.seconds(),
                            e.step(), e.payloadBytes(), e.testError(), e.testLoss());
                }
            }
        }
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out.resolve("paper-mnist.json").toFile(), json);
        plot(configs, reports, out.resolve("paper-mnist"));
        System.out.println("wrote " + out.toAbsolutePath().resolve("paper-mnist.{json,csv,png}"));
    }

    /** Seconds until the evaluated variable first reached the target error, NaN if never. */
    static double timeToTarget(RunReport r) {
        return r.evaluations().stream().filter(e -> e.testError() <= TARGET_ERROR)
                .mapToDouble(RunReport.EvalPoint::seconds).findFirst().orElse(Double.NaN);
    }

    private static void plot(List<Config> configs, List<RunReport> reports, Path file) throws IOException {
        XYChart byTime = new XYChartBuilder().width(900).height(500).title("Center test error vs wall time (MNIST, MLP)")
                .xAxisTitle("seconds").yAxisTitle("test error").build();
        XYChart byBytes = new XYChartBuilder().width(900).height(500)
                .title("Center test error vs payload bytes (log scale; the baseline only publishes its x)")
                .xAxisTitle("MB exchanged").yAxisTitle("test error").build();
        byBytes.getStyler().setXAxisLogarithmic(true);
        for (XYChart c : List.of(byTime, byBytes)) {
            c.getStyler().setYAxisMax(0.2).setYAxisMin(0.0).setMarkerSize(4);
        }
        for (int i = 0; i < configs.size(); i++) {
            RunReport r = reports.get(i);
            if (r.evaluations().isEmpty()) {
                continue;
            }
            double[] t = r.evaluations().stream().mapToDouble(RunReport.EvalPoint::seconds).toArray();
            double[] err = r.evaluations().stream().mapToDouble(RunReport.EvalPoint::testError).toArray();
            double[] mb = r.evaluations().stream().mapToDouble(e -> e.payloadBytes() / 1e6).toArray();
            byTime.addSeries(configs.get(i).label(), t, err).setMarker(SeriesMarkers.CIRCLE);
            byBytes.addSeries(configs.get(i).label(), mb, err).setMarker(SeriesMarkers.CIRCLE);
        }
        BitmapEncoder.saveBitmap(List.of(byTime, byBytes), 2, 1, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
