package io.easgd.backend.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.backend.BackendIT;
import io.easgd.backend.metrics.MetricPoint;
import io.easgd.backend.metrics.MetricsRepository;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.transaction.support.TransactionTemplate;

/** Contract tests of every jobs endpoint and its error cases, against the running backend. */
class JobsApiIT extends BackendIT {
    @Autowired
    MetricsRepository metrics;
    @Autowired
    JobRepository jobs;
    @Autowired
    TransactionTemplate tx;

    private JsonNode submit(String body) {
        return post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isAccepted()
                .expectHeader().valueMatches("Location", "/api/v1/jobs/\\d+")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode problem(WebTestClientCall call, HttpStatus status) {
        JsonNode p = call.run().expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(p.get("status").asInt()).isEqualTo(status.value());
        assertThat(p.toString()).doesNotContain("Exception").doesNotContain("at io.");
        return p;
    }

    interface WebTestClientCall {
        org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec run();
    }

    @Test
    void createStoresTheJobWithDefaultsAndReturnsItsLocation() {
        JsonNode job = submit("{\"name\":\"first\",\"priority\":3,\"algorithm\":\"EASGD\",\"workers\":4,\"beta\":0.9}");
        assertThat(job.get("state").asText()).isEqualTo("QUEUED");
        assertThat(job.get("name").asText()).isEqualTo("first");
        assertThat(job.get("priority").asInt()).isEqualTo(3);
        assertThat(job.at("/spec/alpha").asDouble()).isEqualTo(0.225);
        assertThat(job.at("/spec/tau").asInt()).isEqualTo(10);
        assertThat(job.at("/progress/totalSteps").asLong()).isEqualTo(2000);
        long id = job.get("id").asLong();

        JsonNode got = web.get().uri("/api/v1/jobs/{id}", id).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(got.get("spec")).isEqualTo(job.get("spec"));
        JsonNode history = web.get().uri("/api/v1/jobs/{id}/history", id).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("to").asText()).isEqualTo("QUEUED");
        assertThat(history.get(0).get("reason").asText()).isEqualTo("submitted");
    }

    @Test
    void anAdmmSpecGetsItsRhoAndWhatAdmmCannotRunIsRefusedNamingTheField() {
        JsonNode checked = post("/api/v1/jobs/check").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"algorithm\":\"ADMM\",\"workers\":3}").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(checked.at("/spec/rho").asDouble()).isEqualTo(1.0);
        JsonNode compressed = problem(() -> post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"algorithm\":\"ADMM\",\"compression\":\"int8\"}").exchange(), HttpStatus.BAD_REQUEST);
        assertThat(compressed.at("/errors/0/field").asText()).isEqualTo("compression");
        assertThat(compressed.at("/errors/0/message").asText()).startsWith("must be none for ADMM, found int8");
        JsonNode badRho = problem(() -> post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"algorithm\":\"ADMM\",\"rho\":-2}").exchange(), HttpStatus.BAD_REQUEST);
        assertThat(badRho.at("/errors/0/field").asText()).isEqualTo("rho");
        assertThat(badRho.at("/errors/0/message").asText()).isEqualTo("must be in (0, 1000], found -2.0");
        JsonNode foreign = problem(() -> post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"algorithm\":\"EASGD\",\"rho\":1}").exchange(), HttpStatus.BAD_REQUEST);
        assertThat(foreign.at("/errors/0/field").asText()).isEqualTo("rho");
        assertThat(foreign.at("/errors/0/message").asText())
                .isEqualTo("is only allowed when algorithm is ADMM, found algorithm EASGD");
    }

    @Test
    void badSpecsAreRefusedWithProblemJsonNamingEachField() {
        JsonNode p = problem(() -> post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"tau\":0,\"eta\":-1}").exchange(), HttpStatus.BAD_REQUEST);
        assertThat(p.get("errors")).hasSize(2);
        assertThat(p.at("/errors/0/field").asText()).isEqualTo("tau");
        assertThat(p.at("/errors/0/message").asText()).isEqualTo("must be >= 1, found 0");
        assertThat(p.at("/errors/1/field").asText()).isEqualTo("eta");

        assertThat(problem(() -> post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"eta\":\"two\"}").exchange(), HttpStatus.BAD_REQUEST)
                .at("/errors/0/message").asText()).isEqualTo("must be a number, found \"two\"");
        // workers is a number or a range: its own message says both
        JsonNode workers = problem(() -> post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"workers\":\"two\"}").exchange(), HttpStatus.BAD_REQUEST);
        assertThat(workers.at("/errors/0/field").asText()).isEqualTo("workers");
        assertThat(workers.at("/errors/0/message").asText())
                .isEqualTo("must be an integer in [1, 1024] or a range {\"min\": m, \"max\": n}, found \"two\"");
        JsonNode range = problem(() -> post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"algorithm\":\"SYNC_EASGD\",\"workers\":{\"min\":2,\"max\":4}}").exchange(),
                HttpStatus.BAD_REQUEST);
        assertThat(range.at("/errors/0/field").asText()).isEqualTo("workers");
        assertThat(range.at("/errors/0/message").asText()).startsWith("cannot be a range for SYNC_EASGD: ");
        assertThat(problem(() -> post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"workers\":{\"min\":4,\"max\":2}}").exchange(), HttpStatus.BAD_REQUEST)
                .at("/errors/0/field").asText()).isEqualTo("workers.max");
        assertThat(problem(() -> post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"colour\":1}").exchange(), HttpStatus.BAD_REQUEST)
                .at("/errors/0/field").asText()).isEqualTo("colour");
        assertThat(problem(() -> post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[1,2]").exchange(), HttpStatus.BAD_REQUEST)
                .at("/errors/0/field").asText()).isEqualTo("body");
        assertThat(problem(() -> post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"priority\":\"high\"}").exchange(), HttpStatus.BAD_REQUEST)
                .at("/errors/0/field").asText()).isEqualTo("priority");
        assertThat(problem(() -> post("/api/v1/jobs").exchange(), HttpStatus.BAD_REQUEST)
                .at("/errors/0/field").asText()).isEqualTo("body");
    }

    @Test
    void tauAutoIsStoredAsWrittenShowsNoLiveTauBeforeItRunsAndIsRefusedWhereItCannotWork() {
        JsonNode job = submit("{\"algorithm\":\"EAMSGD\",\"tau\":\"auto\",\"autoTau\":{\"commShare\":0.05}}");
        assertThat(job.at("/spec/tau").asText()).isEqualTo("auto");
        assertThat(job.at("/spec/autoTau")).hasToString("{\"commShare\":0.05,\"min\":1,\"max\":256,\"initial\":1}");
        assertThat(job.at("/progress/tau").isNull()).isTrue();
        assertThat(job.get("name").asText()).isEqualTo("eamsgd p=2 tau=auto mlp");
        assertThat(submit("{\"tau\":8}").at("/progress/tau").asInt()).isEqualTo(8);

        // a clone with a number τ drops autoTau; one with "auto" gets the defaults
        long id = job.get("id").asLong();
        JsonNode fixed = post("/api/v1/jobs/" + id + "/clone").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"tau\":8}").exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(fixed.at("/spec/tau").asInt()).isEqualTo(8);
        assertThat(fixed.at("/spec/autoTau").isMissingNode()).isTrue();

        JsonNode p = problem(() -> post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"algorithm\":\"SYNC_EAMSGD\",\"tau\":\"auto\"}").exchange(), HttpStatus.BAD_REQUEST);
        assertThat(p.at("/errors/0/field").asText()).isEqualTo("tau");
        assertThat(p.at("/errors/0/message").asText()).startsWith("cannot be \"auto\" for SYNC_EAMSGD");
        assertThat(problem(() -> post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"tau\":\"auto\",\"autoTau\":{\"max\":0}}").exchange(), HttpStatus.BAD_REQUEST)
                .at("/errors/0/field").asText()).isEqualTo("autoTau.max");
        assertThat(problem(() -> post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"tau\":4,\"autoTau\":{}}").exchange(), HttpStatus.BAD_REQUEST)
                .at("/errors/0/field").asText()).isEqualTo("autoTau");
    }

    @Test
    void checkValidatesWithoutStoringAndCarriesTheStabilityWarning() {
        long before = jobs.list(java.util.Set.of(), java.util.Set.of(), 0, 1).total();
        JsonNode r = web.post().uri("/api/v1/jobs/check").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"algorithm\":\"EASGD\",\"workers\":1,\"eta\":1.0,\"alpha\":0.7}").exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(r.at("/spec/alpha").asDouble()).isEqualTo(0.7);
        assertThat(r.get("warnings").get(0).asText()).contains("outside the region");
        assertThat(jobs.list(java.util.Set.of(), java.util.Set.of(), 0, 1).total()).isEqualTo(before);
    }

    @Test
    void mutatingCallsNeedTheApiToken() {
        JsonNode p = problem(() -> web.post().uri("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange(), HttpStatus.UNAUTHORIZED);
        assertThat(p.get("detail").asText()).contains("Authorization: Bearer");
        problem(() -> web.post().uri("/api/v1/jobs").header("Authorization", "Bearer nope")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange(), HttpStatus.UNAUTHORIZED);
        problem(() -> web.post().uri("/api/v1/jobs/1/cancel").exchange(), HttpStatus.UNAUTHORIZED);
        web.get().uri("/api/v1/jobs").exchange().expectStatus().isOk();
    }

    @Test
    void listPagesNewestFirstAndFiltersByStateAndAlgorithm() {
        long a = submit("{\"algorithm\":\"ADOWNPOUR\"}").get("id").asLong();
        long b = submit("{\"algorithm\":\"ADOWNPOUR\"}").get("id").asLong();
        long c = submit("{\"algorithm\":\"ADOWNPOUR\"}").get("id").asLong();
        post("/api/v1/jobs/" + b + "/cancel").exchange().expectStatus().isOk();

        JsonNode page = web.get().uri("/api/v1/jobs?algorithm=ADOWNPOUR&size=2&page=0").exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(page.get("total").asLong()).isEqualTo(3);
        assertThat(page.get("items")).hasSize(2);
        assertThat(page.at("/items/0/id").asLong()).isEqualTo(c);
        assertThat(page.at("/items/1/id").asLong()).isEqualTo(b);
        JsonNode second = web.get().uri("/api/v1/jobs?algorithm=ADOWNPOUR&size=2&page=1").exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(second.at("/items/0/id").asLong()).isEqualTo(a);

        JsonNode cancelled = web.get().uri("/api/v1/jobs?algorithm=ADOWNPOUR&state=CANCELLED").exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(cancelled.get("total").asLong()).isEqualTo(1);
        assertThat(cancelled.at("/items/0/id").asLong()).isEqualTo(b);

        assertThat(problem(() -> web.get().uri("/api/v1/jobs?state=DONE").exchange(), HttpStatus.BAD_REQUEST)
                .at("/errors/0/field").asText()).isEqualTo("state");
        assertThat(problem(() -> web.get().uri("/api/v1/jobs?algorithm=ADAM").exchange(), HttpStatus.BAD_REQUEST)
                .at("/errors/0/field").asText()).isEqualTo("algorithm");
        assertThat(problem(() -> web.get().uri("/api/v1/jobs?size=0").exchange(), HttpStatus.BAD_REQUEST)
                .at("/errors/0/field").asText()).isEqualTo("size");
        assertThat(problem(() -> web.get().uri("/api/v1/jobs?page=x").exchange(), HttpStatus.BAD_REQUEST)
                .at("/errors/0/field").asText()).isEqualTo("page");
    }

    @Test
    void unknownJobsAre404AndBadIdsAre400() {
        assertThat(problem(() -> web.get().uri("/api/v1/jobs/987654").exchange(), HttpStatus.NOT_FOUND)
                .get("detail").asText()).isEqualTo("job 987654 does not exist");
        problem(() -> post("/api/v1/jobs/987654/cancel").exchange(), HttpStatus.NOT_FOUND);
        problem(() -> post("/api/v1/jobs/987654/clone").exchange(), HttpStatus.NOT_FOUND);
        problem(() -> web.get().uri("/api/v1/jobs/987654/metrics").exchange(), HttpStatus.NOT_FOUND);
        problem(() -> web.get().uri("/api/v1/jobs/987654/events").exchange(), HttpStatus.NOT_FOUND);
        assertThat(problem(() -> web.get().uri("/api/v1/jobs/abc").exchange(), HttpStatus.BAD_REQUEST)
                .at("/errors/0/field").asText()).isEqualTo("id");
    }

    @Test
    void cancelMovesToCancelledOnceThenConflicts() {
        long id = submit("{}").get("id").asLong();
        JsonNode cancelled = post("/api/v1/jobs/" + id + "/cancel").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(cancelled.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("finishedAt").isNull()).isFalse();
        JsonNode p = problem(() -> post("/api/v1/jobs/" + id + "/cancel").exchange(), HttpStatus.CONFLICT);
        assertThat(p.get("detail").asText()).isEqualTo("job " + id + " is CANCELLED and cannot become CANCELLED");
        assertThat(p.get("state").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void cloneCopiesTheSpecWithChangesAndKeepsBeta() {
        long id = submit("{\"name\":\"orig\",\"algorithm\":\"EASGD\",\"workers\":4,\"tau\":4,\"eta\":0.01}")
                .get("id").asLong();
        JsonNode clone = post("/api/v1/jobs/" + id + "/clone").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"tau\":16,\"workers\":2}").exchange().expectStatus().isAccepted()
                .expectHeader().valueMatches("Location", "/api/v1/jobs/\\d+")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(clone.get("id").asLong()).isNotEqualTo(id);
        assertThat(clone.get("name").asText()).isEqualTo("orig (clone)");
        assertThat(clone.at("/spec/tau").asInt()).isEqualTo(16);
        assertThat(clone.at("/spec/eta").asDouble()).isEqualTo(0.01);
        assertThat(clone.at("/spec/alpha").asDouble()).isEqualTo(0.45);          // β = 0.9 kept, p = 2
        JsonNode bad = problem(() -> post("/api/v1/jobs/" + id + "/clone").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"tau\":-3}").exchange(), HttpStatus.BAD_REQUEST);
        assertThat(bad.at("/errors/0/field").asText()).isEqualTo("tau");
    }

    @Test
    void metricsAreQueriedBySeriesAndRangeAndDownsampledKeepingSpikes() {
        long id = submit("{}").get("id").asLong();
        List<MetricPoint> points = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            points.add(new MetricPoint(id, "train_loss", i % 2, i * 10L, i / 2, i == 1501 ? 50.0 : 1.0 / (1 + i)));
        }
        for (int i = 0; i < 10; i++) {
            points.add(new MetricPoint(id, "test_error", null, i * 1000L, i * 50, 0.9 - i * 0.05));
        }
        tx.executeWithoutResult(s -> metrics.record(id, points));

        JsonNode all = web.get().uri("/api/v1/jobs/{id}/metrics?series=test_error,train_loss&maxPoints=100", id)
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(all.get("series")).hasSize(3);
        JsonNode center = find(all, "test_error", null);
        assertThat(center.get("points")).hasSize(10);
        assertThat(center.at("/points/3/value").asDouble()).isEqualTo(0.75);
        assertThat(center.at("/points/3/step").asLong()).isEqualTo(150);
        JsonNode w1 = find(all, "train_loss", 1);
        assertThat(w1.get("points").size()).isLessThanOrEqualTo(100);
        assertThat(w1.get("points").findValuesAsText("value")).contains("50.0");

        JsonNode range = web.get().uri("/api/v1/jobs/{id}/metrics?series=test_error&from=2000&to=4000", id)
                .exchange().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(range.at("/series/0/points")).hasSize(3);
        assertThat(problem(() -> web.get().uri("/api/v1/jobs/{id}/metrics?series=accuracy", id).exchange(),
                HttpStatus.BAD_REQUEST).at("/errors/0/field").asText()).isEqualTo("series");
        assertThat(problem(() -> web.get().uri("/api/v1/jobs/{id}/metrics?from=5&to=1", id).exchange(),
                HttpStatus.BAD_REQUEST).at("/errors/0/field").asText()).isEqualTo("to");
    }

    private static JsonNode find(JsonNode body, String series, Integer worker) {
        for (JsonNode s : body.get("series")) {
            if (s.get("series").asText().equals(series)
                    && (worker == null ? s.get("worker").isNull() : s.get("worker").asInt() == worker)) {
                return s;
            }
        }
        throw new AssertionError(series + "/" + worker + " missing in " + body);
    }

    @Test
    void operationsEndpointsAnswer() {
        web.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.components.db.status").isEqualTo("UP");
        // the scrape grows with every (uri, status) the shared backend has answered: read it without the 256 KiB cap
        String prometheus = web.mutate().codecs(c -> c.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build()
                .get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(prometheus).contains("easgd_jobs{state=\"QUEUED\"}").contains("easgd_queue_depth")
                .contains("http_server_requests_seconds");
        web.get().uri("/api/v1/openapi").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.paths['/api/v1/jobs']").exists();
    }

    @Test
    void dilocoFieldsAreForDilocoOnlyAndACloneToAnotherAlgorithmDropsThem() {
        JsonNode job = submit("{\"algorithm\":\"DILOCO\",\"workers\":2,\"innerOptimizer\":\"adam\",\"outerLr\":0.5}");
        assertThat(job.at("/spec/tau").asInt()).isEqualTo(50);
        assertThat(job.at("/spec/innerOptimizer").asText()).isEqualTo("adam");
        assertThat(job.at("/spec/outerLr").asDouble()).isEqualTo(0.5);
        assertThat(job.at("/spec/outerMomentum").asDouble()).isEqualTo(0.9);
        assertThat(job.at("/spec/eta").asDouble()).isEqualTo(0.001);
        JsonNode p = problem(() -> post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"algorithm\":\"EASGD\",\"outerLr\":0.7}").exchange(), HttpStatus.BAD_REQUEST);
        assertThat(p.at("/errors/0/field").asText()).isEqualTo("outerLr");
        assertThat(p.at("/errors/0/message").asText()).isEqualTo("is only allowed when algorithm is DILOCO, found algorithm EASGD");
        assertThat(problem(() -> post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"algorithm\":\"DILOCO\",\"tau\":\"auto\"}").exchange(), HttpStatus.BAD_REQUEST)
                .at("/errors/0/field").asText()).isEqualTo("tau");

        JsonNode clone = post("/api/v1/jobs/" + job.get("id").asLong() + "/clone").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"algorithm\":\"SYNC_EASGD\"}").exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(clone.at("/spec/algorithm").asText()).isEqualTo("SYNC_EASGD");
        assertThat(clone.at("/spec/outerLr").isMissingNode()).isTrue();
        assertThat(clone.at("/spec/innerOptimizer").isMissingNode()).isTrue();
    }
}
