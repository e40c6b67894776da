package io.easgd.backend.bench.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The labs of one {@link PlatformBenchmark#run}: one {@link PlatformLab#behindLink} per link, built when a
 * benchmark first asks for that link and kept until the run ends, so the P6, auto-τ, DiLoCo and overlap
 * benchmarks on the same link share one backend and its two local agents (jobs run one after another, each
 * starting with the agents idle) instead of building the lab, its namespaces and its link probe once each.
 */
final class LinkLabs implements AutoCloseable {
    private final Path work;
    private final String evalInterval;
    private final List<String> backendArgs;
    private final Map<String, PlatformLab> labs = new LinkedHashMap<>();

    LinkLabs(Path work, String evalInterval, List<String> backendArgs) {
        this.work = work;
        this.evalInterval = evalInterval;
        this.backendArgs = List.copyOf(backendArgs);
    }

    /** The lab behind {@code link} ({@code easgd.lab.link}, or {@code "loopback"}), built at the first call. */
    PlatformLab behind(String link) throws Exception {
        PlatformLab lab = labs.get(link);
        if (lab == null) {
            Path dir = Files.createTempDirectory(work, "netlab-");
            lab = PlatformLab.behindLink(dir, evalInterval, backendArgs, link, 2);
            labs.put(link, lab);
        }
        return lab;
    }

    @Override
    public void close() {
        labs.values().forEach(PlatformLab::close);
        labs.clear();
    }
}
