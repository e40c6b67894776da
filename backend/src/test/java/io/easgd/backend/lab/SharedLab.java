package io.easgd.backend.lab;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link Lab} for the end-to-end tests that need nothing but the standard one: the backend with
 * {@code easgd.agents.grace=2s} (a killed worker is replaced within seconds) and
 * {@code easgd.eval.checkpoint-interval=1s} (a restart mid-job finds a recent checkpoint), and two
 * worker-agent JVMs.
 * It is started by the first such test class of the test JVM and closed when the whole run ends (a
 * resource of JUnit's root store), so the classes that use it pay for one backend, one embedded
 * PostgreSQL and two agent JVMs instead of one each. A class takes it with
 * {@code @ExtendWith(SharedLab.Extension.class)} and {@link #get()} in its {@code @BeforeAll}, which
 * waits until two agents are idle.
 *
 * <p>What a class sharing it may and may not assume: jobs of earlier classes ran before (never assume
 * job ids or an empty job list); agents may have been killed and replaced (never assume the agents'
 * names: ask {@link #agentNames()}, kill with {@link #killAgent}, start a replacement with
 * {@link #startAgent}, whose name must be unique in the run: prefix it with the class); the backend
 * may have been restarted ({@link Lab#restartBackend}: ask {@link Lab#backend()} each time). A class
 * that needs other backend settings keeps its own {@link Lab}.
 */
public final class SharedLab implements ExtensionContext.Store.CloseableResource {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedLab.class);
    private static volatile SharedLab instance;

    private final Path dataDir;
    private final Lab lab;
    /** The agents started here that were not killed, oldest first. */
    private final Map<String, Process> agents = new LinkedHashMap<>();

    private SharedLab() throws Exception {
        this.dataDir = Files.createTempDirectory("easgd-shared-lab-");
        this.lab = new Lab(dataDir, "--easgd.agents.grace=2s", "--easgd.eval.checkpoint-interval=1s");
        try {
            start("a");
            start("b");
            lab.awaitIdleAgents(2, Duration.ofSeconds(90));
        } catch (Exception | AssertionError e) {
            lab.close();
            throw e;
        }
    }

    /**
     * Registers the lab in the root store on the first class that asks, so that it is closed at the end of
     * the run; after each class, cancels what that class left queued or running (a browser test that
     * leaves its first job training, a test that failed half-way), so that the next class starts on an
     * idle lab and no job of one class trains under the next.
     */
    public static final class Extension implements BeforeAllCallback, AfterAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            instance = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(SharedLab.class, k -> {
                try {
                    return new SharedLab();
                } catch (Exception e) {
                    throw new IllegalStateException("the shared lab did not start", e);
                }
            }, SharedLab.class);
        }

        @Override
        public void afterAll(ExtensionContext context) throws Exception {
            SharedLab s = instance;
            if (s != null) {
                cancelUnfinished(s.lab, context.getDisplayName());
            }
        }
    }

    private static SharedLab instance() {
        SharedLab s = instance;
        if (s == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(SharedLab.Extension.class)");
        }
        return s;
    }

    /**
     * The shared lab, once two of its agents are idle (a job of an earlier class may still be ending). A
     * job an earlier class left queued or running is cancelled first (see {@link Extension}).
     */
    public static Lab get() throws Exception {
        Lab lab = instance().lab;
        cancelUnfinished(lab, "an earlier class");
        lab.awaitIdleAgents(2, Duration.ofSeconds(90));
        return lab;
    }

    /** Cancels every job that is queued, being assigned or running: the lab is left idle for the next class. */
    private static void cancelUnfinished(Lab lab, String by) throws Exception {
        for (JsonNode job : lab.get("/api/v1/jobs?size=500").get("items")) {
            if (List.of("QUEUED", "ASSIGNING", "RUNNING").contains(job.path("state").asText())) {
                System.out.println("SharedLab: cancelling job " + job.get("id") + " (" + job.path("state").asText()
                        + "), left by " + by);
                lab.post("/api/v1/jobs/" + job.get("id").asLong() + "/cancel", "");
            }
        }
    }

    /** The backend's data directory (the datasets it serves are under {@code datasets/}). */
    public static Path dataDir() {
        return instance().dataDir;
    }

    /** The names of the agents started here that are still alive, oldest first. */
    public static synchronized List<String> agentNames() {
        List<String> names = new ArrayList<>();
        instance().agents.forEach((name, p) -> {
            if (p.isAlive()) {
                names.add(name);
            }
        });
        return names;
    }

    /** Starts another agent JVM; {@code name} must not have been used in this run. */
    public static synchronized Process startAgent(String name) throws IOException {
        return instance().start(name);
    }

    /** {@link #startAgent(String)} with more agent options ({@code --protocol=1}). */
    public static synchronized Process startAgent(String name, String... agentArgs) throws IOException {
        return instance().start(name, agentArgs);
    }

    /** SIGKILL to the agent {@code name} (no goodbye), once it is gone. */
    public static synchronized void killAgent(String name) throws InterruptedException {
        Process p = instance().agents.remove(name);
        if (p == null) {
            throw new IllegalArgumentException("no agent " + name + " in the shared lab: " + agentNames());
        }
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    private Process start(String name, String... agentArgs) throws IOException {
        if (agents.containsKey(name) || Files.exists(dataDir.resolve("agent-" + name + ".log"))) {
            throw new IllegalArgumentException("agent name " + name + " was used before in the shared lab");
        }
        Process p = lab.startAgent(name, Lab.AGENT_TOKEN, agentArgs);
        agents.put(name, p);
        return p;
    }

    @Override
    public void close() {
        instance = null;
        lab.close();
    }
}
