package io.easgd.backend.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.easgd.backend.lab.Lab;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.assertj.core.api.SoftAssertions;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Load and latency of the real backend (embedded PostgreSQL, HTTP, SSE, WebSocket; no local agent
 * processes): {@value #DEFAULT_JOBS} EASGD jobs (p = 1 or 2) queued up front on a tiny custom model
 * (784-10-10, N = 7,960) and run by {@link LoadAgent}s that speak the real protocol without DL4J;
 * 100 SSE clients on job streams and the job-list stream; the API's read endpoints sampled for
 * latency all along; the backend's heap sampled. Asserts that every job completes, that no
 * training-loss point is lost (the metrics table holds exactly the points the agents sent), that
 * every SSE client saw its jobs' final state, that the heap does not grow, and that p95 latencies
 * stay under a generous bound; writes every figure to {@code target/load/load-results.json}.
 *
 * <p>Parameters (system properties, CI defaults; the Maven profile {@code soak} runs 50 jobs with a
 * 20 s warm-up, the full size): {@code easgd.load.jobs} (20), {@code .agents}
 * (8), {@code .sse} (100), {@code .listClients} (10 of the SSE clients on {@code /jobs/stream}),
 * {@code .samplers} (2 threads calling the read endpoints, each pausing 100 ms between calls),
 * {@code .seconds} (150: the CI run ends when all jobs ended, and fails if that takes longer),
 * {@code .refill} (default: {@code seconds > 150}; keeps a backlog of queued jobs until
 * {@code seconds} passed, so {@code -Deasgd.load.seconds=600} is the 10-minute version),
 * {@code .maxSteps} (200), {@code .tau} (4), {@code .stepMillis} (20 per local step),
 * {@code .warmupSeconds} (10), {@code .heapFactor} (1.5), {@code .p95BoundMs} (2000).
 */
class LoadIT {
    static final int DEFAULT_JOBS = 20;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<String> FINAL = Set.of("COMPLETED", "FAILED", "CANCELLED");

    // ---------------------------------------------------------------- parameters
    private static final int JOBS = Integer.getInteger("easgd.load.jobs", DEFAULT_JOBS);
    private static final int AGENTS = Integer.getInteger("easgd.load.agents", 8);
    private static final int SSE = Integer.getInteger("easgd.load.sse", 100);
    private static final int LIST_CLIENTS = Integer.getInteger("easgd.load.listClients", 10);
    private static final int SAMPLERS = Integer.getInteger("easgd.load.samplers", 2);
    private static final int SECONDS = Integer.getInteger("easgd.load.seconds", 150);
    private static final boolean REFILL = Boolean.parseBoolean(System.getProperty("easgd.load.refill",
            Boolean.toString(SECONDS > 150)));
    private static final int MAX_STEPS = Integer.getInteger("easgd.load.maxSteps", 200);
    private static final int TAU = Integer.getInteger("easgd.load.tau", 4);
    private static final int STEP_MILLIS = Integer.getInteger("easgd.load.stepMillis", 20);
    private static final int WARMUP_SECONDS = Integer.getInteger("easgd.load.warmupSeconds", 10);
    private static final double HEAP_FACTOR = Double.parseDouble(System.getProperty("easgd.load.heapFactor", "1.5"));
    private static final long P95_BOUND_MS = Long.getLong("easgd.load.p95BoundMs", 2000);
    /** Jobs kept queued or running while refilling (the long version). */
    private static final int BACKLOG = 2 * AGENTS;

    private static Path dataDir;
    private static Lab lab;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("easgd-load-");
        lab = new Lab(dataDir, "--easgd.eval.interval=5s");
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    /** 784 → 10 ReLU → 10 softmax: 7,850 + 110 = 7,960 parameters, a DL4J configuration as JSON. */
    static String tinyModelJson() {
        return new NeuralNetConfiguration.Builder().seed(42).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER)
                .updater(new NoOp()).list()
                .layer(new DenseLayer.Builder().nOut(10).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(784))
                .build().toJson();
    }

    @Test
    void queuedJobsOnEightAgentsWithAHundredSseClients() throws Exception {
        JdbcTemplate jdbc = lab.backend().getBean(JdbcTemplate.class);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String modelJson = tinyModelJson();
        LoadStats stats = new LoadStats();
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "load-timers");
            t.setDaemon(true);
            return t;
        });
        List<Long> jobIds = new CopyOnWriteArrayList<>();
        Map<Long, Instant> submittedAt = new ConcurrentHashMap<>();

        // ---- 1. the queue: all jobs up front
        for (int i = 0; i < JOBS; i++) {
            long id = submit(i, modelJson);
            jobIds.add(id);
            submittedAt.put(id, Instant.now());
        }

        // ---- 2. SSE clients: job-list stream and job streams
        Viewers viewers = new Viewers(http);
        List<ListClient> listClients = new ArrayList<>();
        int listCount = Math.min(LIST_CLIENTS, SSE);
        for (int i = 0; i < listCount; i++) {
            listClients.add(new ListClient(http));
        }
        for (int i = 0; i < SSE - listCount; i++) {
            viewers.add(jobIds.get(i % jobIds.size()));
        }

        // ---- 3. latency samplers and heap sampler
        Sampler sampler = new Sampler(http, jobIds);
        sampler.start(SAMPLERS);
        List<Map<String, Object>> heapSeries = new CopyOnWriteArrayList<>();
        long loadStart = System.nanoTime();
        timers.scheduleAtFixedRate(() -> heapSeries.add(Map.of("s", Math.round((System.nanoTime() - loadStart) / 1e9),
                "usedMB", mb(usedHeap()))), 0, 5, TimeUnit.SECONDS);

        // ---- 4. the agents
        List<LoadAgent> agents = new ArrayList<>();
        for (int i = 1; i <= AGENTS; i++) {
            HttpClient agentHttp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            agents.add(LoadAgent.start(agentHttp, lab.port(), "load-" + i, Lab.AGENT_TOKEN, stats,
                    Duration.ofMillis(STEP_MILLIS), 1e-3f, timers, i));
        }
        Instant agentsStarted = Instant.now();

        // ---- 5. run: warm-up heap mark, refill (long version), wait for every job to end
        long warmHeap = -1;
        long deadline = loadStart + TimeUnit.SECONDS.toNanos(SECONDS);
        long hardDeadline = REFILL ? deadline + TimeUnit.SECONDS.toNanos(180) : deadline;
        int submitted = JOBS;
        Map<String, Long> states = Map.of();
        while (System.nanoTime() < hardDeadline) {
            if (warmHeap < 0 && System.nanoTime() - loadStart >= TimeUnit.SECONDS.toNanos(WARMUP_SECONDS)) {
                warmHeap = heapAfterGc();
            }
            states = states(jdbc);
            long open = states.entrySet().stream().filter(e -> !FINAL.contains(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
            if (REFILL && System.nanoTime() < deadline) {
                for (long n = open; n < BACKLOG; n++) {
                    long id = submit(submitted++, modelJson);
                    jobIds.add(id);
                    submittedAt.put(id, Instant.now());
                    viewers.offer(id);
                }
            } else if (open == 0 && (warmHeap >= 0 || !REFILL)) {
                break;
            }
            Thread.sleep(1000);
        }
        if (warmHeap < 0) {
            warmHeap = heapAfterGc();               // a run shorter than the warm-up
        }
        long loadNanos = System.nanoTime() - loadStart;
        sampler.stop();

        // ---- 6. SSE clients see the final states (their streams poll every 2 s), then close
        long sseDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < sseDeadline && !(viewers.allSawFinal()
                && listClients.stream().allMatch(c -> c.sawFinalOfAll(jobIds)))) {
            Thread.sleep(250);
        }
        viewers.closeAll();
        listClients.forEach(ListClient::close);
        agents.forEach(LoadAgent::close);
        timers.shutdownNow();
        Thread.sleep(2000);
        long endHeap = heapAfterGc();

        // ---- 7. what the database holds
        Map<Long, Long> storedPoints = new LinkedHashMap<>();
        jdbc.query("select job_id, count(*) as n from metrics where series = 'train_loss' group by job_id",
                rs -> {
                    storedPoints.put(rs.getLong("job_id"), rs.getLong("n"));
                });
        List<Map<String, Object>> jobRows = jdbc.queryForList(
                "select id, state, reason, created_at, started_at, finished_at, step from jobs order by id");
        long metricRows = jdbc.queryForObject("select count(*) from metrics", Long.class);
        long streamRows = jdbc.queryForObject("select count(*) from job_stream", Long.class);

        // ---- 8. figures
        Instant firstStart = null;
        Instant lastFinish = null;
        List<Long> queueMillis = new ArrayList<>();
        List<Long> runMillis = new ArrayList<>();
        Map<String, Integer> byState = new LinkedHashMap<>();
        List<String> notCompleted = new ArrayList<>();
        List<String> lostPoints = new ArrayList<>();
        for (Map<String, Object> row : jobRows) {
            long id = ((Number) row.get("id")).longValue();
            String state = (String) row.get("state");
            byState.merge(state, 1, Integer::sum);
            if (!"COMPLETED".equals(state)) {
                notCompleted.add("job " + id + " " + state + ": " + row.get("reason"));
            }
            Instant created = instant(row.get("created_at"));
            Instant started = instant(row.get("started_at"));
            Instant finished = instant(row.get("finished_at"));
            if (started != null) {
                firstStart = firstStart == null || started.isBefore(firstStart) ? started : firstStart;
                queueMillis.add(Duration.between(created, started).toMillis());
            }
            if (finished != null) {
                lastFinish = lastFinish == null || finished.isAfter(lastFinish) ? finished : lastFinish;
                if (started != null) {
                    runMillis.add(Duration.between(started, finished).toMillis());
                }
            }
            long sent = stats.job(id).points.get();
            long stored = storedPoints.getOrDefault(id, 0L);
            if (sent != stored) {
                lostPoints.add("job " + id + ": agents sent " + sent + " train_loss points, the metrics table holds "
                        + stored);
            }
        }
        double window = firstStart != null && lastFinish != null
                ? Duration.between(firstStart, lastFinish).toMillis() / 1000.0 : loadNanos / 1e9;
        long completed = byState.getOrDefault("COMPLETED", 0);
        double jobsPerMinute = completed / (window / 60.0);
        double exchangesPerSecond = stats.exchanges.sum() / window;

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("date", Instant.now().toString());
        results.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "os", System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                "java", System.getProperty("java.version"),
                "maxHeapMB", mb(Runtime.getRuntime().maxMemory())));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("jobs", JOBS);
        config.put("jobsSubmitted", jobIds.size());
        config.put("agents", AGENTS);
        config.put("sseClients", SSE);
        config.put("listStreamClients", listCount);
        config.put("seconds", SECONDS);
        config.put("refill", REFILL);
        config.put("model", "custom 784-10-10, N = 7960");
        config.put("algorithm", "EASGD, p = 1 or 2 alternately, tau = " + TAU + ", maxSteps = " + MAX_STEPS);
        config.put("stepMillis", STEP_MILLIS);
        config.put("evalInterval", "5s");
        results.put("config", config);
        results.put("durationSeconds", round(loadNanos / 1e9));
        Map<String, Object> jobs = new LinkedHashMap<>();
        jobs.put("byState", byState);
        jobs.put("windowSeconds", round(window));
        jobs.put("jobsPerMinute", round(jobsPerMinute));
        jobs.put("queueWaitMs", summary(queueMillis));
        jobs.put("runMs", summary(runMillis));
        results.put("jobs", jobs);
        Map<String, Object> exchanges = new LinkedHashMap<>();
        exchanges.put("total", stats.exchanges.sum());
        exchanges.put("perSecond", round(exchangesPerSecond));
        exchanges.put("roundTripMs", micros(stats.exchangeMicros()));
        exchanges.put("readyToCenterMs", micros(stats.readyToCenterMicros()));
        exchanges.put("upFrames", stats.upFrames.sum());
        exchanges.put("upBytes", stats.upBytes.sum());
        exchanges.put("framesReceived", stats.downFrames.sum());
        results.put("exchanges", exchanges);
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("pointsSent", stats.points.sum());
        progress.put("pointsStored", storedPoints.values().stream().mapToLong(Long::longValue).sum());
        progress.put("progressMessages", stats.progressMessages.sum());
        progress.put("jobsWithLostPoints", lostPoints.size());
        results.put("progress", progress);
        results.put("api", sampler.figures());
        Map<String, Object> sse = new LinkedHashMap<>();
        sse.put("clients", SSE);
        sse.put("connectionsOpened", viewers.opened.get() + listCount);
        sse.put("eventsReceived", viewers.events.sum() + listClients.stream().mapToLong(c -> c.events.sum()).sum());
        sse.put("jobStreamEventsByType", viewers.byType());
        sse.put("listStreamEvents", listClients.stream().mapToLong(c -> c.events.sum()).sum());
        sse.put("keepAliveComments", viewers.comments() + listClients.stream().mapToLong(c -> c.client.comments()).sum());
        sse.put("finalStateLatencyMs", summary(viewers.finalLag()));
        sse.put("streamErrors", viewers.errors.size() + listClients.stream().mapToInt(c -> c.errors.size()).sum());
        results.put("sse", sse);
        Map<String, Object> heap = new LinkedHashMap<>();
        heap.put("rule", "used heap after System.gc() at the end <= " + HEAP_FACTOR + " x used heap after System.gc() "
                + "at " + WARMUP_SECONDS + " s (warm-up)");
        heap.put("warmupMB", mb(warmHeap));
        heap.put("endMB", mb(endHeap));
        heap.put("ratio", round((double) endHeap / warmHeap));
        heap.put("sampledMaxMB", heapSeries.stream().mapToLong(m -> (Long) m.get("usedMB")).max().orElse(0));
        heap.put("samples", heapSeries);
        results.put("heap", heap);
        Map<String, Object> db = new LinkedHashMap<>();
        db.put("metricRows", metricRows);
        db.put("jobStreamRows", streamRows);
        db.put("metricRowsPerSecond", round(metricRows / window));
        results.put("database", db);
        List<String> anomalies = new ArrayList<>(stats.anomalies);
        anomalies.addAll(viewers.errors);
        listClients.forEach(c -> anomalies.addAll(c.errors));
        results.put("anomalies", anomalies);
        results.put("failures", Map.of("notCompleted", notCompleted, "lostPoints", lostPoints,
                "viewersWithoutFinal", viewers.withoutFinal(),
                "listClientsWithoutFinal", listClients.stream().map(c -> c.missingFinals(jobIds)).filter(s -> !s.isEmpty())
                        .toList()));
        Path out = Path.of("target", "load", "load-results.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, JSON.writeValueAsString(results));

        Map<String, Object> api = sampler.figures();
        System.out.printf(Locale.ROOT, "LOAD %s: %d jobs (%s) in %.0f s = %.1f jobs/min, %.1f exchanges/s (rtt p50 %.1f "
                        + "p99 %.1f ms), %d points sent/%d stored; API p50/p95/p99 ms: %s; SSE %d clients %d events; "
                        + "heap %d MB -> %d MB; anomalies %d; %s%n",
                Instant.now(), jobIds.size(), byState, window, jobsPerMinute, exchangesPerSecond,
                stats.exchangeMicros().percentile(50) / 1000.0, stats.exchangeMicros().percentile(99) / 1000.0,
                stats.points.sum(), storedPoints.values().stream().mapToLong(Long::longValue).sum(),
                Sampler.oneLine(api), SSE, (Long) sse.get("eventsReceived"), mb(warmHeap), mb(endHeap),
                anomalies.size(), out.toAbsolutePath());

        // ---- 9. assertions
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(notCompleted).as("jobs that did not complete").isEmpty();
        soft.assertThat(jobRows).as("jobs").hasSize(jobIds.size());
        soft.assertThat(lostPoints).as("train_loss points lost between the agents and the metrics table").isEmpty();
        soft.assertThat(viewers.withoutFinal()).as("job-stream SSE clients that missed a final state").isEmpty();
        for (ListClient c : listClients) {
            soft.assertThat(c.missingFinals(jobIds)).as("job-list SSE client without these final states (its only source is "
                    + "JobStream.jobChanges: a signal dropped there is never re-sent)").isEmpty();
        }
        soft.assertThat((double) endHeap).as("heap after the run (MB %d) vs after warm-up (MB %d)", mb(endHeap),
                mb(warmHeap)).isLessThanOrEqualTo(HEAP_FACTOR * warmHeap);
        for (Map.Entry<String, Object> e : api.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> f = (Map<String, Object>) e.getValue();
            soft.assertThat(((Number) f.get("p95")).doubleValue()).as("p95 of %s, ms", e.getKey())
                    .isLessThan(P95_BOUND_MS);
            soft.assertThat(((Number) f.get("count")).longValue()).as("samples of %s", e.getKey()).isGreaterThan(10);
            soft.assertThat(((Number) f.get("errors")).longValue()).as("failed requests of %s", e.getKey()).isZero();
        }
        soft.assertThat(stats.exchanges.sum()).as("exchanges").isPositive();
        soft.assertAll();
    }

    // ---------------------------------------------------------------- helpers

    private static long submit(int i, String modelJson) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", "load-" + i);
        body.put("algorithm", "EASGD");
        body.put("workers", 1 + (i % 2));
        body.put("tau", TAU);
        body.put("eta", 0.05);
        body.put("model", "custom");
        body.put("modelJson", modelJson);
        body.put("seed", i);
        body.putObject("stop").put("maxSteps", MAX_STEPS);
        return lab.post("/api/v1/jobs", JSON.writeValueAsString(body)).get("id").asLong();
    }

    private static Map<String, Long> states(JdbcTemplate jdbc) {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.query("select state, count(*) as n from jobs group by state",
                rs -> {
                    out.put(rs.getString("state"), rs.getLong("n"));
                });
        return out;
    }

    private static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (o instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return Instant.parse(o.toString());
    }

    static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long heapAfterGc() throws InterruptedException {
        System.gc();
        Thread.sleep(200);
        System.gc();
        Thread.sleep(200);
        return usedHeap();
    }

    static long mb(long bytes) {
        return Math.round(bytes / (1024.0 * 1024.0));
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static Map<String, Object> summary(List<Long> millis) {
        LoadStats.Latencies l = new LoadStats.Latencies();
        millis.forEach(l::add);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", l.count());
        m.put("p50", l.percentile(50));
        m.put("p95", l.percentile(95));
        m.put("p99", l.percentile(99));
        m.put("max", l.max());
        return m;
    }

    static Map<String, Object> micros(LoadStats.Latencies l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", l.count());
        m.put("p50", round(l.percentile(50) / 1000.0));
        m.put("p95", round(l.percentile(95) / 1000.0));
        m.put("p99", round(l.percentile(99) / 1000.0));
        m.put("max", round(l.max() / 1000.0));
        m.put("mean", round(l.mean() / 1000.0));
        return m;
    }

    // ---------------------------------------------------------------- SSE: job streams

    /**
     * The job-stream SSE clients. Each watches one job's {@code /events} until its final state;
     * while jobs are being added (the long version) it then moves to a job nobody watches yet.
     */
    private static final class Viewers {
        private final HttpClient http;
        private final List<Viewer> all = new CopyOnWriteArrayList<>();
        private final Deque<Long> unwatched = new ArrayDeque<>();
        private final Deque<Viewer> idle = new ArrayDeque<>();
        final AtomicLong opened = new AtomicLong();
        final LongAdder events = new LongAdder();
        final Map<String, LongAdder> types = new ConcurrentHashMap<>();
        final List<String> errors = new CopyOnWriteArrayList<>();

        Viewers(HttpClient http) {
            this.http = http;
        }

        void add(long job) {
            Viewer v = new Viewer();
            all.add(v);
            v.watch(job);
        }

        /** A new job: an idle viewer takes it, or the next one to become idle. */
        synchronized void offer(long job) {
            Viewer v = idle.poll();
            if (v != null) {
                v.watch(job);
            } else {
                unwatched.add(job);
            }
        }

        synchronized void done(Viewer v) {
            Long next = REFILL ? unwatched.poll() : null;
            if (next != null) {
                v.watch(next);
            } else if (REFILL) {
                idle.add(v);
            }
        }

        boolean allSawFinal() {
            return all.stream().allMatch(Viewer::sawAllFinals);
        }

        List<String> withoutFinal() {
            return all.stream().filter(v -> !v.sawAllFinals()).map(v -> "viewer watching " + v.watched).toList();
        }

        Map<String, Long> byType() {
            Map<String, Long> out = new LinkedHashMap<>();
            types.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }

        long comments() {
            return all.stream().mapToLong(v -> v.comments.get()).sum();
        }

        List<Long> finalLag() {
            List<Long> out = new ArrayList<>();
            all.forEach(v -> out.addAll(v.finalLagMillis));
            return out;
        }

        void closeAll() {
            all.forEach(Viewer::close);
        }

        private final class Viewer implements SseClient.Listener {
            /** Jobs watched, in order, with the final state seen (null while not seen). */
            final Map<Long, String> watched = new ConcurrentHashMap<>();
            final List<Long> finalLagMillis = new CopyOnWriteArrayList<>();
            final AtomicLong comments = new AtomicLong();
            private volatile SseClient client;
            private volatile long job;

            void watch(long jobId) {
                SseClient old = client;
                if (old != null) {
                    comments.addAndGet(old.comments());
                    old.cancel();
                }
                job = jobId;
                watched.put(jobId, "");
                opened.incrementAndGet();
                client = SseClient.open(http, URI.create("http://127.0.0.1:" + lab.port() + "/api/v1/jobs/" + jobId
                        + "/events"), this);
            }

            boolean sawAllFinals() {
                return watched.values().stream().allMatch(FINAL::contains);
            }

            @Override
            public void onEvent(SseClient c, String event, String id, String data) {
                if (c != client) {
                    return;
                }
                events.increment();
                types.computeIfAbsent(event, k -> new LongAdder()).increment();
                if (!"state".equals(event)) {
                    return;
                }
                try {
                    JsonNode s = JSON.readTree(data);
                    String to = s.path("to").asText();
                    if (FINAL.contains(to) && s.path("jobId").asLong() == job) {
                        watched.put(job, to);
                        Instant at = Instant.parse(s.path("at").asText());
                        finalLagMillis.add(Math.max(0, Duration.between(at, Instant.now()).toMillis()));
                        done(this);
                    }
                } catch (Exception e) {
                    errors.add("state event not understood: " + data + ": " + e);
                }
            }

            @Override
            public void onEnd(SseClient c, Throwable error) {
                if (c == client) {
                    errors.add("job stream " + c.uri() + " ended: " + error + " (status " + c.status() + ")");
                }
            }

            void close() {
                SseClient c = client;
                if (c != null) {
                    comments.addAndGet(c.comments());
                    c.cancel();
                }
            }
        }
    }

    // ---------------------------------------------------------------- SSE: the job-list stream

    /** One client of {@code /api/v1/jobs/stream}: the last state it saw of each job. */
    private static final class ListClient implements SseClient.Listener {
        final SseClient client;
        final Map<Long, String> lastState = new ConcurrentHashMap<>();
        final LongAdder events = new LongAdder();
        final List<String> errors = new CopyOnWriteArrayList<>();

        ListClient(HttpClient http) {
            client = SseClient.open(http, URI.create("http://127.0.0.1:" + lab.port() + "/api/v1/jobs/stream"), this);
        }

        @Override
        public void onEvent(SseClient c, String event, String id, String data) {
            events.increment();
            if (!"job".equals(event)) {
                return;
            }
            try {
                JsonNode job = JSON.readTree(data);
                lastState.put(job.path("id").asLong(), job.path("state").asText());
            } catch (Exception e) {
                errors.add("job event not understood: " + e);
            }
        }

        @Override
        public void onEnd(SseClient c, Throwable error) {
            errors.add("job-list stream ended: " + error + " (status " + c.status() + ")");
        }

        boolean sawFinalOfAll(List<Long> jobs) {
            return jobs.stream().allMatch(j -> FINAL.contains(lastState.get(j)));
        }

        /** Jobs whose final state this client never saw, each with the last state it did see. */
        List<String> missingFinals(List<Long> jobs) {
            return jobs.stream().filter(j -> !FINAL.contains(lastState.get(j)))
                    .map(j -> "job " + j + " (last seen: " + lastState.getOrDefault(j, "nothing") + ")").toList();
        }

        void close() {
            client.cancel();
        }
    }

    // ---------------------------------------------------------------- API latency

    /** Threads that call the read endpoints in turn and time each call. */
    private static final class Sampler {
        private static final String[] ENDPOINTS = {"GET /api/v1/jobs", "GET /api/v1/jobs/{id}",
                "GET /api/v1/jobs/{id}/metrics"};
        private final HttpClient http;
        private final List<Long> jobIds;
        private final Map<String, LoadStats.Latencies> micros = new LinkedHashMap<>();
        private final Map<String, LongAdder> errors = new LinkedHashMap<>();
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean running = true;

        Sampler(HttpClient http, List<Long> jobIds) {
            this.http = http;
            this.jobIds = jobIds;
            for (String e : ENDPOINTS) {
                micros.put(e, new LoadStats.Latencies());
                errors.put(e, new LongAdder());
            }
        }

        void start(int n) {
            for (int i = 0; i < n; i++) {
                int offset = i;
                Thread t = new Thread(() -> run(offset), "load-sampler-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        private void run(int offset) {
            int k = offset;
            while (running) {
                String endpoint = ENDPOINTS[k++ % ENDPOINTS.length];
                long job = jobIds.get(ThreadLocalRandom.current().nextInt(jobIds.size()));
                String path = switch (endpoint) {
                    case "GET /api/v1/jobs" -> "/api/v1/jobs";
                    case "GET /api/v1/jobs/{id}" -> "/api/v1/jobs/" + job;
                    default -> "/api/v1/jobs/" + job + "/metrics";
                };
                long t0 = System.nanoTime();
                try {
                    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + lab.port() + path)).timeout(Duration.ofSeconds(60)).GET().build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    micros.get(endpoint).add((System.nanoTime() - t0) / 1000);
                    if (r.statusCode() != 200) {
                        errors.get(endpoint).increment();
                    }
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    errors.get(endpoint).increment();
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread t : threads) {
                t.join(70_000);
            }
        }

        Map<String, Object> figures() {
            Map<String, Object> out = new LinkedHashMap<>();
            micros.forEach((endpoint, l) -> {
                Map<String, Object> m = micros(l);
                m.put("errors", errors.get(endpoint).sum());
                out.put(endpoint, m);
            });
            return out;
        }

        @SuppressWarnings("unchecked")
        static String oneLine(Map<String, Object> figures) {
            StringBuilder b = new StringBuilder();
            figures.forEach((endpoint, f) -> {
                Map<String, Object> m = (Map<String, Object>) f;
                b.append(b.length() == 0 ? "" : ", ").append(endpoint.substring(4)).append(' ')
                        .append(m.get("p50")).append('/').append(m.get("p95")).append('/').append(m.get("p99"));
            });
            return b.toString();
        }
    }
}
