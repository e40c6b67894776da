package io.easgd.backend.lab.net;

import io.easgd.backend.EasgdProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The bandwidth-limited lab's owner: when {@code easgd.lab.link} is set, {@link #place} builds the
 * network ({@link NetLab}) for the local agents, measures each link ({@link LinkProbe}) and says where
 * each agent runs and which address it reaches the server on; after {@code easgd.lab.duration} the
 * backend shuts down, and with it the agents and the network. Without {@code easgd.lab.link} agents
 * run on this machine's loopback, as always.
 */
@Component
public class BandwidthLab implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BandwidthLab.class);

    /** Where the local agents run and how they reach the server. */
    public interface Placement {
        /** The command line that runs agent {@code index}'s {@code cmd} (1-based) on its machine. */
        List<String> command(int index, List<String> cmd);

        /** The server's address as the agents see it. */
        String serverHost();

        /** Whether the agents' machines are those a previous backend built (its agents may still run there). */
        default boolean adopted() {
            return false;
        }
    }

    /** Agents on this machine's loopback (no lab). */
    public static final Placement LOOPBACK = new Placement() {
        @Override
        public List<String> command(int index, List<String> cmd) {
            return cmd;
        }

        @Override
        public String serverHost() {
            return "127.0.0.1";
        }
    };

    /**
     * What {@code GET /api/v1/lab} shows; {@code delayApplied} is null when no delay was asked for or the
     * lab is not built yet, false when the kernel could not apply it ({@code note} says why).
     */
    public record LabStatus(boolean enabled, String link, Double megabitsPerSecond, Long delayMicros, Boolean delayApplied,
                            String note, String subnet, String server, Instant endsAt, List<LabHost> hosts) {
    }

    /** One agent machine and what its link measured. */
    public record LabHost(int index, String namespace, String address, double upMbps, double downMbps) {
    }

    /** How long the orderly shutdown at the lab's time bound may take before {@link #haltIfStuck} ends it. */
    static final java.time.Duration EXIT_GRACE = java.time.Duration.ofSeconds(90);

    private final EasgdProperties.Lab settings;
    private final ConfigurableApplicationContext context;
    private final LinkSpec link;
    private final Subnet subnet;
    /** Names the backend process that built the lab now in use, so that the next backend on this data directory can adopt it. */
    private final java.nio.file.Path ownerFile;
    private volatile NetLab lab;
    private volatile boolean keep;
    private ScheduledExecutorService timer;
    /** What {@link #status} answers: replaced whole when the lab is built, so a request never waits on a build. */
    private volatile LabStatus status;

    public BandwidthLab(EasgdProperties props, ConfigurableApplicationContext context) {
        this.settings = props.lab();
        this.context = context;
        this.ownerFile = props.dataDir().resolve("lab").resolve("netlab-owner");
        try {                                         // a bad value stops the start here, with its message
            this.link = settings.enabled() ? LinkSpec.parse(settings.link()) : null;
            this.subnet = Subnet.parse(settings.subnet());
        } catch (IllegalArgumentException e) {
            throw new LabException(e.getMessage());
        }
        this.status = link == null ? new LabStatus(false, null, null, null, null, null, null, null, null, List.of())
                : statusOf(null, null, List.of(), "not built yet: the lab is built when the local agents start");
    }

    /**
     * Builds the lab for {@code agents} local agents and starts its clock; without a link configured,
     * returns {@link #LOOPBACK}. A machine where it cannot run (not root, no iproute2, the subnet in
     * use) gets a {@link LabException} saying so.
     */
    public synchronized Placement place(int agents) {
        if (link == null) {
            return LOOPBACK;
        }
        if (lab != null) {
            throw new IllegalStateException("the lab is already built");
        }
        Commands sh = new Commands();
        NetLab previous = previousLab(sh, agents);
        boolean adopted = previous != null;
        lab = adopted ? previous : NetLab.create(sh, link, subnet, agents);
        if (adopted) {
            log.info("bandwidth-limited lab of backend process {} adopted as it is (its agents may still run in it)",
                    lab.ownerPid());
        } else {
            recordOwner(lab.ownerPid());
        }
        List<LabHost> measured = new ArrayList<>();
        if (settings.probe() && !adopted) {
            for (NetLab.Host h : lab.hosts()) {
                LinkProbe.Throughput t = LinkProbe.measure(lab, h);
                measured.add(new LabHost(h.index(), h.namespace(), h.address(), round(t.upMbps()), round(t.downMbps())));
                log.info("lab link of agent {} ({}): configured {} Mbit/s, measured {} up, {} down (TCP payload)", h.index(),
                        h.address(), link.megabitsPerSecond(), round(t.upMbps()), round(t.downMbps()));
            }
        } else {
            lab.hosts().forEach(h -> measured.add(new LabHost(h.index(), h.namespace(), h.address(), 0, 0)));
        }
        Instant endsAt = Instant.now().plus(settings.duration());
        status = statusOf(lab, endsAt, List.copyOf(measured), lab.delayNote());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "easgd-lab-clock");
            t.setDaemon(true);
            return t;
        });
        timer.schedule(this::timeUp, settings.duration().toMillis(), TimeUnit.MILLISECONDS);
        log.info("bandwidth-limited lab up: {} agents behind {} links on {}, server at {}; it ends at {} "
                + "(easgd.lab.duration)", agents, link, subnet, lab.serverAddress(), endsAt);
        NetLab built = lab;
        return new Placement() {
            @Override
            public List<String> command(int index, List<String> cmd) {
                return built.onHost(built.hosts().get(index - 1), cmd);
            }

            @Override
            public String serverHost() {
                return built.serverAddress();
            }

            @Override
            public boolean adopted() {
                return adopted;
            }
        };
    }

    /** The lab a previous backend on this data directory built, if it is all still there; null otherwise. */
    private NetLab previousLab(Commands sh, int agents) {
        try {
            if (!java.nio.file.Files.isRegularFile(ownerFile)) {
                return null;
            }
            long owner = Long.parseLong(java.nio.file.Files.readString(ownerFile).strip());
            if (owner == ProcessHandle.current().pid() || ProcessHandle.of(owner).isPresent()) {
                return null;                         // its backend still runs (another one on this directory?)
            }
            return NetLab.adopt(sh, link, subnet, agents, owner);
        } catch (java.io.IOException | NumberFormatException e) {
            log.warn("could not read {} ({}): building a new lab", ownerFile, e.toString());
            return null;
        }
    }

    private void recordOwner(long pid) {
        try {
            java.nio.file.Files.createDirectories(ownerFile.getParent());
            java.nio.file.Files.writeString(ownerFile, pid + "\n");
        } catch (java.io.IOException e) {
            log.warn("could not write {} ({}): a backend restarted on this data directory builds a new lab", ownerFile,
                    e.toString());
        }
    }

    /** Agent {@code index}'s machine (1-based), if the lab is built. */
    private NetLab.Host host(int index) {
        NetLab built = lab;
        if (built == null || index < 1 || index > built.hosts().size()) {
            throw new IllegalArgumentException("the bandwidth-limited lab has no agent machine " + index);
        }
        return built.hosts().get(index - 1);
    }

    /** Cuts (false) or restores (true) the link of agent {@code index} (1-based): the fault lab's link cut. */
    public void setConnected(int index, boolean connected) {
        lab.setConnected(host(index), connected);
    }

    /** Shapes agent {@code index}'s link to {@code rate} (e.g. {@code 1mbit}); null restores the lab's own rate. */
    public void setRate(int index, String rate) {
        NetLab.Host h = host(index);
        lab.setRate(h, rate == null ? link : LinkSpec.parse(rate));
    }

    /** Whether the lab is built (link faults need it). */
    public boolean built() {
        return lab != null;
    }

    /**
     * The next {@link #close} leaves the network in place, for the next backend on this data directory
     * to adopt with the agents running in it (the fault lab's restart of the backend).
     */
    public void keepAtClose() {
        keep = true;
    }

    private void timeUp() {
        log.warn("the bandwidth-limited lab's time is up (easgd.lab.duration {}): shutting the backend down",
                settings.duration());
        Thread exit = new Thread(() -> System.exit(SpringApplication.exit(context, () -> 0)), "easgd-lab-exit");
        // not a daemon (it would inherit the lab clock's daemon flag): once the graceful shutdown stops Netty's
        // server thread, a daemon-only JVM exits with 0 at once - before the agents are stopped and the lab removed
        exit.setDaemon(false);
        exit.start();
        Thread watchdog = new Thread(() -> haltIfStuck(exit), "easgd-lab-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * The lab's time bound holds even when the orderly shutdown does not end: if the backend is still
     * here {@link #EXIT_GRACE} after its time is up, the log gets every thread's stack (so the cause can be
     * found), the lab's processes are killed, its network removed, and the JVM halts with status 3.
     */
    private void haltIfStuck(Thread exit) {
        try {
            exit.join(EXIT_GRACE.toMillis());
        } catch (InterruptedException e) {
            return;
        }
        if (!exit.isAlive()) {
            return;                                  // System.exit runs the hooks; the JVM is going
        }
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            dump.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
            for (StackTraceElement e : stack) {
                dump.append("    at ").append(e).append('\n');
            }
        });
        log.error("the backend did not stop within {} of the lab's time bound; halting it. Threads:\n{}", EXIT_GRACE,
                dump);
        NetLab built = lab;                          // not through close(): that may be what is stuck
        if (built != null) {
            built.killProcesses();
            built.close();
        }
        Runtime.getRuntime().halt(3);
    }

    public LabStatus status() {
        return status;
    }

    private LabStatus statusOf(NetLab built, Instant endsAt, List<LabHost> hosts, String note) {
        Boolean delayApplied = link.delay().isZero() || built == null ? null : built.delayNote().isEmpty();
        return new LabStatus(true, link.toString(), link.megabitsPerSecond(), link.delay().toNanos() / 1000,
                delayApplied, note, subnet.toString(), subnet.server(), endsAt, hosts);
    }

    /** Tears the network down; the local agents have been stopped before (they depend on this bean). */
    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (lab != null && !keep) {
            lab.close();
            try {
                java.nio.file.Files.deleteIfExists(ownerFile);
            } catch (java.io.IOException e) {
                log.warn("could not remove {}: {}", ownerFile, e.toString());
            }
        } else if (lab != null) {
            log.info("bandwidth-limited lab left in place for the next backend on this data directory");
        }
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
