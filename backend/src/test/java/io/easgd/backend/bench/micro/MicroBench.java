package io.easgd.backend.bench.micro;

import io.easgd.backend.bench.BenchReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Micro benchmarks P1, P2, P9 (docs/benchmarks.md): each writes {@code <name>.json/.csv/.png} into
 * {@code --out} (and {@code --copy-to}); arguments in {@link Settings}. Run it with
 * {@code mvn -B -pl core,worker-agent,backend -am -Pbench-micro -DskipTests verify}.
 */
public final class MicroBench {
    private MicroBench() {
    }

    public static void main(String[] args) throws Exception {
        io.easgd.agent.connection.ClientBuffers.apply();   // as the agent's main does, before Lab's HttpClient
        List<Path> written = run(Settings.parse(args));
        System.out.println("micro benchmarks wrote " + written);
        System.exit(0);                       // the backend's and JDK clients' threads
    }

    /** Runs the chosen benchmarks; returns the json files written. */
    static List<Path> run(Settings s) throws Exception {
        List<Path> written = new ArrayList<>();
        if (s.which().contains("p1")) {
            written.add(write(P1Exchange.run(s), s, "p1-exchange"));
        }
        if (s.which().contains("p2") || s.which().contains("p9")) {
            ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, r -> {
                Thread t = new Thread(r, "bench-heartbeats");
                t.setDaemon(true);
                return t;
            });
            try (BenchLab lab = new BenchLab()) {
                if (s.which().contains("p2")) {
                    written.add(write(P2Wire.run(s, lab, timers), s, "p2-wire"));
                }
                if (s.which().contains("p9")) {
                    written.add(write(P9FanIn.run(s, lab, timers), s, "p9-fan-in"));
                }
            } finally {
                timers.shutdownNow();
            }
        }
        return written;
    }

    private static Path write(BenchReport report, Settings s, String name) throws IOException {
        Path json = report.write();
        if (s.copyTo() != null) {
            Files.createDirectories(s.copyTo());
            for (String ext : List.of(".json", ".csv", ".png")) {
                Path f = s.out().resolve(name + ext);
                if (Files.exists(f)) {
                    Files.copy(f, s.copyTo().resolve(name + ext), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return json;
    }
}
