package io.easgd.backend.sweeps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.backend.BackendIT;
import io.easgd.backend.jobs.JobRepository;
import io.easgd.backend.jobs.JobState;
import io.easgd.backend.metrics.MetricPoint;
import io.easgd.backend.metrics.MetricsRepository;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.transaction.support.TransactionTemplate;

/** The sweeps API against the running backend and its real PostgreSQL; no agents, so jobs stay queued. */
class SweepsApiIT extends BackendIT {
    private static final String SMALL = """
            { "name": "small", "base": { "model": "mlp", "stop": { "maxSteps": 5 } },
              "grid": { "algorithm": ["EASGD", "EAMSGD"], "tau": [1, 4], "workers": [2] },
              "target": { "testError": 0.1 } }""";

    @Autowired
    JobRepository jobs;
    @Autowired
    MetricsRepository metrics;
    @Autowired
    TransactionTemplate tx;

    private JsonNode create(String body) {
        return post("/api/v1/sweeps").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isAccepted()
                .expectHeader().valueMatches("Location", "/api/v1/sweeps/\\d+")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode get(String uri) {
        return web.get().uri(uri).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult()
                .getResponseBody();
    }

    private JsonNode problem(String body, HttpStatus status) {
        return post("/api/v1/sweeps").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isEqualTo(status).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void aSweepBecomesQueuedJobsAndCancelsInOneCall() {
        JsonNode sweep = create(SMALL);
        long id = sweep.get("id").asLong();
        assertThat(sweep.get("state").asText()).isEqualTo("RUNNING");
        assertThat(sweep.get("preset").isNull()).isTrue();
        assertThat(sweep.at("/counts/total").asInt()).isEqualTo(4);
        assertThat(sweep.at("/counts/queued").asInt()).isEqualTo(4);
        assertThat(sweep.at("/target/testError").asDouble()).isEqualTo(0.1);
        assertThat(sweep.at("/warnings/0").asText()).startsWith(
                "runs of this sweep need 2 workers but 0 agents are connected: they wait in the queue");
        assertThat(sweep.at("/grid/tau").toString()).isEqualTo("[1,4]");
        assertThat(sweep.get("best").isNull()).isTrue();
        assertThat(sweep.get("verdict").isNull()).isTrue();
        JsonNode runs = sweep.get("runs");
        assertThat(runs).hasSize(4);
        List<String> labels = new ArrayList<>();
        runs.forEach(r -> labels.add(r.get("label").asText()));
        assertThat(labels).containsExactly("EASGD τ=1", "EASGD τ=4", "EAMSGD τ=1", "EAMSGD τ=4");
        assertThat(runs.at("/1/params").toString()).isEqualTo("{\"algorithm\":\"EASGD\",\"tau\":4,\"workers\":2}");
        for (JsonNode r : runs) {
            assertThat(r.get("state").asText()).isEqualTo("QUEUED");
            assertThat(r.get("bestTestError").isNull()).isTrue();
            assertThat(r.get("wallSeconds").isNull()).isTrue();
            JsonNode job = get("/api/v1/jobs/" + r.get("jobId").asLong());
            assertThat(job.get("sweepId").asLong()).isEqualTo(id);
            assertThat(job.get("state").asText()).isEqualTo("QUEUED");
            assertThat(job.get("name").asText()).isEqualTo("small " + r.get("label").asText());
            assertThat(job.at("/spec/stop/maxSteps").asLong()).isEqualTo(5);
            assertThat(job.at("/spec/algorithm").asText()).isEqualTo(r.at("/params/algorithm").asText());
            assertThat(job.at("/spec/tau").asInt()).isEqualTo(r.at("/params/tau").asInt());
        }
        assertThat(get("/api/v1/sweeps/" + id).get("runs")).isEqualTo(runs);

        JsonNode cancelled = post("/api/v1/sweeps/" + id + "/cancel").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(cancelled.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.at("/counts/cancelled").asInt()).isEqualTo(4);
        assertThat(cancelled.get("finishedAt").isNull()).isFalse();
        assertThat(cancelled.get("warnings")).isEmpty();                      // nothing left to wait
        for (JsonNode r : cancelled.get("runs")) {
            assertThat(r.get("state").asText()).isEqualTo("CANCELLED");
            assertThat(get("/api/v1/jobs/" + r.get("jobId").asLong()).get("reason").asText())
                    .isEqualTo("sweep " + id + " cancelled by a user");
        }
        JsonNode again = post("/api/v1/sweeps/" + id + "/cancel").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(again.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(again.get("finishedAt")).isEqualTo(cancelled.get("finishedAt"));

        JsonNode list = get("/api/v1/sweeps?page=0&size=50");
        assertThat(list.get("page").asInt()).isZero();
        List<Long> ids = new ArrayList<>();
        list.get("items").forEach(s -> ids.add(s.get("id").asLong()));
        assertThat(ids).contains(id).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        JsonNode mine = list.get("items").get(ids.indexOf(id));
        assertThat(mine.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(mine.at("/counts/cancelled").asInt()).isEqualTo(4);
    }

    @Test
    void badRequestsAreRefusedNamingTheFieldAndStoreNothing() {
        long before = jobs.list(java.util.Set.of(), java.util.Set.of(), 0, 1).total();
        JsonNode p = problem("{ \"grid\": { \"tau\": [1, 0] } }", HttpStatus.BAD_REQUEST);
        assertThat(p.at("/errors/0/field").asText()).isEqualTo("grid.tau[1]");
        assertThat(p.at("/errors/0/message").asText()).isEqualTo("must be >= 1, found 0");
        assertThat(problem("{ \"grid\": { \"colour\": [1] } }", HttpStatus.BAD_REQUEST).at("/errors/0/field").asText())
                .isEqualTo("grid.colour");
        assertThat(problem("{ \"preset\": \"nope\" }", HttpStatus.BAD_REQUEST).at("/errors/0/field").asText())
                .isEqualTo("preset");
        StringBuilder seeds = new StringBuilder();
        for (int i = 0; i < 201; i++) {
            seeds.append(i == 0 ? "" : ",").append(i);
        }
        assertThat(problem("{ \"grid\": { \"seed\": [" + seeds + "] } }", HttpStatus.BAD_REQUEST)
                .at("/errors/0/field").asText()).isEqualTo("grid");
        // the last run is bad: nothing of the sweep may be stored
        assertThat(problem("{ \"grid\": { \"algorithm\": [\"EASGD\", \"MSGD\"], \"workers\": [3] } }",
                HttpStatus.BAD_REQUEST).at("/errors/0/field").asText()).isEqualTo("grid.workers[0]");
        assertThat(jobs.list(java.util.Set.of(), java.util.Set.of(), 0, 1).total()).isEqualTo(before);

        web.post().uri("/api/v1/sweeps").contentType(MediaType.APPLICATION_JSON).bodyValue(SMALL).exchange()
                .expectStatus().isUnauthorized();
        web.get().uri("/api/v1/sweeps/987654").exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        post("/api/v1/sweeps/987654/cancel").exchange().expectStatus().isNotFound();
        web.get().uri("/api/v1/sweeps/abc").exchange().expectStatus().isBadRequest();
    }

    @Test
    void thePaperPresetIs51RunsAndIsListedWithItsFullRequest() {
        JsonNode presets = get("/api/v1/sweeps/presets");
        assertThat(presets.at("/0/name").asText()).isEqualTo("paper");
        assertThat(presets.at("/0/sweep/grid/tau").toString()).isEqualTo("[1,4,16,64]");
        assertThat(presets.at("/0/sweep/grid/algorithm").toString()).isEqualTo("[\"EASGD\",\"EAMSGD\",\"DOWNPOUR\",\"ADMM\"]");
        assertThat(presets.at("/0/sweep/extra/0/algorithm").asText()).isEqualTo("MSGD");

        JsonNode sweep = create("{ \"preset\": \"paper\", \"priority\": -5 }");
        long id = sweep.get("id").asLong();
        assertThat(sweep.get("preset").asText()).isEqualTo("paper");
        assertThat(sweep.get("name").asText()).isEqualTo("paper");
        assertThat(sweep.at("/counts/total").asInt()).isEqualTo(51);
        assertThat(sweep.at("/runs/50/label").asText()).isEqualTo("MSGD p=1 τ=1 seed=3");
        JsonNode job = get("/api/v1/jobs/" + sweep.at("/runs/8/jobId").asLong());
        assertThat(job.get("name").asText()).isEqualTo("paper EASGD τ=16 seed=3");
        assertThat(job.get("priority").asInt()).isEqualTo(-5);
        assertThat(job.at("/spec/model").asText()).isEqualTo("cnn");
        assertThat(job.at("/spec/workers").asInt()).isEqualTo(4);
        assertThat(job.at("/spec/alpha").asDouble()).isEqualTo(0.225);
        JsonNode cancelled = post("/api/v1/sweeps/" + id + "/cancel").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(cancelled.at("/counts/cancelled").asInt()).isEqualTo(51);
    }

    @Test
    void resultsComeFromTheJobsMetricPoints() {
        JsonNode sweep = create(SMALL);
        long id = sweep.get("id").asLong();
        long fast = sweep.at("/runs/0/jobId").asLong();
        long slow = sweep.at("/runs/1/jobId").asLong();
        // two runs as the parameter server would record them: test error of the center, cumulative bytes per worker
        ran(fast, List.of(point(fast, "test_error", null, 1000, 0.5), point(fast, "test_error", null, 2000, 0.05),
                point(fast, "bytes_up", 0, 1000, 100), point(fast, "bytes_down", 0, 1000, 100),
                point(fast, "bytes_up", 1, 1200, 100), point(fast, "bytes_down", 1, 1200, 100),
                point(fast, "bytes_up", 0, 2000, 300), point(fast, "bytes_down", 0, 2000, 300)));
        ran(slow, List.of(point(slow, "test_error", null, 1000, 0.3), point(slow, "test_error", null, 9000, 0.2)));

        JsonNode got = get("/api/v1/sweeps/" + id);
        JsonNode f = got.at("/runs/0");
        assertThat(f.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(f.get("bestTestError").asDouble()).isEqualTo(0.05);
        assertThat(f.get("finalTestError").asDouble()).isEqualTo(0.05);
        // 0.1 is crossed 8/9 of the way from 1 s (0.5) to 2 s (0.05); by then workers 0 and 1 had sent 200 bytes each
        assertThat(f.get("secondsToTarget").asDouble()).isCloseTo(1.8889, within(1e-3));
        assertThat(f.get("bytesToTarget").asLong()).isEqualTo(400);
        assertThat(f.get("best").asBoolean()).isTrue();
        JsonNode s = got.at("/runs/1");
        assertThat(s.get("bestTestError").asDouble()).isEqualTo(0.2);
        assertThat(s.get("secondsToTarget").isNull()).isTrue();
        assertThat(s.get("best").asBoolean()).isFalse();
        assertThat(got.get("best").asLong()).isEqualTo(fast);
        assertThat(got.get("state").asText()).isEqualTo("RUNNING");           // two runs still queued
        assertThat(got.at("/counts/completed").asInt()).isEqualTo(2);
        assertThat(f.get("wallSeconds").asDouble()).isGreaterThanOrEqualTo(0);
        post("/api/v1/sweeps/" + id + "/cancel").exchange().expectStatus().isOk();
    }

    @Autowired
    EarlyStopper stopper;

    @Test
    void anAshaSearchDecidesEachRunOnceAtItsRungStopsTheLoserAndTheCsvHasTheTable() throws Exception {
        long[] ids = ashaSweepOfThree();
        long id = ids[0];
        long a = ids[1];
        long b = ids[2];
        long c = ids[3];
        // a reaches rung 0 (100 steps) at its second evaluation, alone there: promoted
        running(a, List.of(eval(a, 1000, 50, 0.6), eval(a, 2000, 120, 0.3)));
        decideTwiceAtOnce();
        // b is second of two with a worse error: keep ceil(2/2) = 1, stopped
        running(b, List.of(eval(b, 1000, 110, 0.5)));
        decideTwiceAtOnce();
        // c is the best of three: keep 2, promoted
        running(c, List.of(eval(c, 1500, 130, 0.2)));
        decideTwiceAtOnce();

        assertThat(jobs.get(a).state()).isEqualTo(JobState.RUNNING);
        assertThat(jobs.get(b).state()).isEqualTo(JobState.STOPPED_EARLY);
        assertThat(jobs.get(b).reason()).isEqualTo("stopped early at rung 0 of the ASHA search (100 steps): test error "
                + "0.5000 was 2nd of 2 at that rung, the best 1 run on");
        assertThat(jobs.get(c).state()).isEqualTo(JobState.RUNNING);
        JsonNode got = get("/api/v1/sweeps/" + id);
        assertThat(got.at("/counts/stoppedEarly").asInt()).isEqualTo(1);
        assertThat(got.get("search").toString()).isEqualTo("{\"method\":\"asha\",\"reductionFactor\":2,"
                + "\"resource\":\"steps\",\"min\":100,\"max\":400,\"brackets\":1}");
        assertThat(got.get("sample").isNull()).isTrue();
        assertThat(got.get("rungs")).hasSize(1);
        JsonNode rung = got.at("/rungs/0");
        assertThat(rung.get("at").asLong()).isEqualTo(100);
        assertThat(List.of(rung.get("decided").asInt(), rung.get("promoted").asInt(), rung.get("stopped").asInt()))
                .containsExactly(3, 2, 1);
        assertThat(rung.get("decisions").findValuesAsText("decision")).containsExactly("PROMOTED", "STOPPED", "PROMOTED");
        assertThat(rung.get("decisions").findValuesAsText("rank")).containsExactly("1", "2", "1");
        assertThat(rung.at("/decisions/0/value").asDouble()).isEqualTo(120);
        assertThat(got.at("/runs/1/rung").asInt()).isZero();
        org.springframework.jdbc.core.JdbcTemplate jdbc = new org.springframework.jdbc.core.JdbcTemplate(
                tx.getTransactionManager() instanceof org.springframework.jdbc.datasource.DataSourceTransactionManager m
                        ? m.getDataSource() : null);
        assertThat(jdbc.queryForObject("select count(*) from sweep_rungs where sweep_id = ?", Integer.class, id)).isEqualTo(3);
        assertThat(jdbc.queryForList("select data->>'decision' from job_stream where job_id = ? and event = 'rung'",
                String.class, b)).containsExactly("STOPPED");

        String csv = web.get().uri("/api/v1/sweeps/" + id + "/results.csv").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/csv").expectBody(String.class).returnResult()
                .getResponseBody();
        assertThat(csv.split("\n")).hasSize(4);
        assertThat(csv.split("\n")[2]).startsWith(b + ",η=0.01,STOPPED_EARLY,0.01,0.5,0.5,,");
        String metricsCsv = web.get().uri("/api/v1/sweeps/" + id + "/metrics.csv").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(metricsCsv.split("\n")).containsExactly("jobId,series,worker,t,step,value",
                a + ",test_error,,1000,50,0.6", a + ",test_error,,2000,120,0.3", b + ",test_error,,1000,110,0.5",
                c + ",test_error,,1500,130,0.2");
        web.get().uri("/api/v1/sweeps/987654/results.csv").exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/api/v1/jobs/987654/metrics.csv").exchange().expectStatus().isNotFound();
        web.get().uri("/api/v1/jobs/" + a + "/metrics.csv?series=colour").exchange().expectStatus().isBadRequest();
        assertThat(problem("{ \"grid\": { \"eta\": [0.1] }, \"search\": { \"method\": \"asha\", \"minSteps\": 9 } }",
                HttpStatus.BAD_REQUEST).at("/errors/0/field").asText()).isEqualTo("search.maxSteps");
        post("/api/v1/sweeps/" + id + "/cancel").exchange().expectStatus().isOk();
    }

    @Test
    void aRunThatPassedItsRungAndCompletedBetweenTwoLooksIsRankedThereAfterItsEnd() throws Exception {
        long[] ids = ashaSweepOfThree();
        long id = ids[0];
        long a = ids[1];
        long b = ids[2];
        long c = ids[3];
        // a went past rung 0 (100 steps) and completed before any look: ranked there after its end, alone: promoted
        completed(a, List.of(eval(a, 1000, 50, 0.6), eval(a, 2000, 400, 0.3)), 0);
        decideTwiceAtOnce();
        // b is compared against it: second of two, stopped (meanwhile a is ranked at rung 1 from the same evaluation)
        running(b, List.of(eval(b, 1000, 110, 0.5)));
        decideTwiceAtOnce();
        // c completed too, 3rd of 3 (keep 2): below the best, but there is nothing to stop — ENDED, still COMPLETED
        completed(c, List.of(eval(c, 1500, 400, 0.7)), 0);
        decideTwiceAtOnce();

        assertThat(List.of(jobs.get(a).state(), jobs.get(b).state(), jobs.get(c).state()))
                .containsExactly(JobState.COMPLETED, JobState.STOPPED_EARLY, JobState.COMPLETED);
        JsonNode got = get("/api/v1/sweeps/" + id);
        JsonNode rung = got.at("/rungs/0");
        assertThat(List.of(rung.get("decided").asInt(), rung.get("promoted").asInt(), rung.get("stopped").asInt(),
                rung.get("ended").asInt())).containsExactly(3, 1, 1, 1);
        assertThat(rung.get("decisions").findValuesAsText("decision")).containsExactly("PROMOTED", "STOPPED", "ENDED");
        assertThat(rung.get("decisions").findValuesAsText("rank")).containsExactly("1", "2", "3");
        assertThat(rung.at("/decisions/0/value").asDouble()).isEqualTo(400);
        assertThat(got.at("/rungs/1/decisions").findValuesAsText("jobId")).containsExactly(Long.toString(a));
        assertThat(got.at("/runs/0/rung").asInt()).isEqualTo(1);
        assertThat(got.at("/counts/stoppedEarly").asInt()).isEqualTo(1);
        assertThat(jdbc().queryForList("select data->>'decision' from job_stream where job_id in (?, ?) and event = 'rung' "
                + "order by id", String.class, a, c)).containsExactly("PROMOTED", "PROMOTED", "ENDED");
        // c's rung 1 is not looked at: below the best at rung 0, it would not have run on
        decideTwiceAtOnce();
        assertThat(jdbc().queryForObject("select count(*) from sweep_rungs where sweep_id = ?", Integer.class, id)).isEqualTo(4);
    }

    @Test
    void aCompletedRunOfAnEndedSweepIsLookedAtForAMinuteAfterItsEnd() throws Exception {
        JsonNode sweep = create("""
                { "base": { "algorithm": "EASGD", "workers": 2 }, "grid": { "eta": [0.05] },
                  "search": { "method": "asha", "reductionFactor": 2, "minSteps": 100, "maxSteps": 400 } }""");
        long id = sweep.get("id").asLong();
        long a = sweep.at("/runs/0/jobId").asLong();
        completed(a, List.of(eval(a, 2000, 400, 0.3)), 61);
        decideTwiceAtOnce();
        assertThat(jdbc().queryForObject("select count(*) from sweep_rungs where sweep_id = ?", Integer.class, id)).isZero();
        jdbc().update("update jobs set finished_at = now() - interval '59 seconds' where id = ?", a);
        decideTwiceAtOnce();
        decideTwiceAtOnce();
        assertThat(get("/api/v1/sweeps/" + id).at("/rungs").findValuesAsText("decision")).containsExactly("PROMOTED",
                "PROMOTED");
    }

    /** An ASHA search (η = 2, rungs at 100 and 200 of 400 steps) of three EASGD runs: {sweep, run 0, 1, 2}. */
    private long[] ashaSweepOfThree() {
        JsonNode sweep = create("""
                { "base": { "algorithm": "EASGD", "workers": 2 }, "grid": { "eta": [0.05, 0.01, 0.02] },
                  "search": { "method": "asha", "reductionFactor": 2, "minSteps": 100, "maxSteps": 400 } }""");
        return new long[] {sweep.get("id").asLong(), sweep.at("/runs/0/jobId").asLong(),
                sweep.at("/runs/1/jobId").asLong(), sweep.at("/runs/2/jobId").asLong()};
    }

    /** A run that ran and completed in one go (no look in between), {@code secondsAgo} before now. */
    private void completed(long jobId, List<MetricPoint> points, int secondsAgo) {
        tx.executeWithoutResult(t -> {
            jobs.transition(jobId, JobState.ASSIGNING, "test");
            jobs.transition(jobId, JobState.RUNNING, "test");
            metrics.record(jobId, points);
            jobs.transition(jobId, JobState.COMPLETED, "test");
            jdbc().update("update jobs set finished_at = now() - make_interval(secs => ?) where id = ?", secondsAgo, jobId);
        });
    }

    private org.springframework.jdbc.core.JdbcTemplate jdbc() {
        return new org.springframework.jdbc.core.JdbcTemplate(
                tx.getTransactionManager() instanceof org.springframework.jdbc.datasource.DataSourceTransactionManager m
                        ? m.getDataSource() : null);
    }

    /** Two looks at once, as two replicas would take them: each rung is still decided once. */
    private void decideTwiceAtOnce() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var one = pool.submit(stopper::tick);
            var two = pool.submit(stopper::tick);
            one.get();
            two.get();
        } finally {
            pool.shutdown();
        }
    }

    private void running(long jobId, List<MetricPoint> points) {
        tx.executeWithoutResult(t -> {
            jobs.transition(jobId, JobState.ASSIGNING, "test");
            jobs.transition(jobId, JobState.RUNNING, "test");
            metrics.record(jobId, points);
        });
    }

    private static MetricPoint eval(long job, long t, long step, double error) {
        return new MetricPoint(job, "test_error", null, t, step, error);
    }

    private void ran(long jobId, List<MetricPoint> points) {
        tx.executeWithoutResult(t -> {
            jobs.transition(jobId, JobState.ASSIGNING, "test");
            jobs.transition(jobId, JobState.RUNNING, "test");
            metrics.record(jobId, points);
            jobs.transition(jobId, JobState.COMPLETED, "test");
        });
    }

    private static MetricPoint point(long job, String series, Integer worker, long t, double value) {
        return new MetricPoint(job, series, worker, t, t / 100, value);
    }
}
