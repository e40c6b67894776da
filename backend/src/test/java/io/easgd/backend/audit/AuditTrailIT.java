package io.easgd.backend.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.backend.BackendIT;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * Job and sweep actions land in the audit trail with who (the credential and the address), what,
 * which target and when; the trail is paged, newest first, and needs the API token although reads
 * are open.
 */
class AuditTrailIT extends BackendIT {

    private JsonNode page(String query) {
        return web.get().uri("/api/v1/audit" + query).header("Authorization", "Bearer " + TOKEN).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode entry(String action, long target) {
        List<JsonNode> found = new ArrayList<>();
        page("?size=500").get("items").forEach(e -> {
            if (e.get("action").asText().equals(action) && e.get("targetId").asText().equals(Long.toString(target))) {
                found.add(e);
            }
        });
        assertThat(found).as(action + " of " + target).hasSize(1);
        return found.get(0);
    }

    private JsonNode call(String uri, String body) {
        return post(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().is2xxSuccessful()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static void from(JsonNode e, String actor) {
        assertThat(e.get("actor").asText()).isEqualTo(actor);
        assertThat(e.get("remoteAddress").asText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(e.get("at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }

    @Test
    void jobAndSweepActionsAreRecordedWhereTheyHappen() {
        long job = call("/api/v1/jobs", "{\"name\":\"audited\",\"stop\":{\"maxSteps\":5}}").get("id").asLong();
        JsonNode submitted = entry("job.submitted", job);
        from(submitted, "api-token");
        assertThat(submitted.get("targetType").asText()).isEqualTo("job");
        assertThat(submitted.get("detail").asText()).isEqualTo("audited");

        long clone = call("/api/v1/jobs/" + job + "/clone", "{}").get("id").asLong();
        assertThat(entry("job.submitted", clone).get("detail").asText()).isEqualTo("audited (clone) (a clone of job " + job + ")");

        call("/api/v1/jobs/" + job + "/cancel", "{}");
        JsonNode cancelled = entry("job.cancelled", job);
        from(cancelled, "api-token");
        assertThat(cancelled.get("detail").asText()).isEqualTo("audited");
        // a refused cancel (the job already ended) did nothing, so it records nothing
        post("/api/v1/jobs/" + job + "/cancel").exchange().expectStatus().isEqualTo(409);
        entry("job.cancelled", job);

        long sweep = call("/api/v1/sweeps", "{\"name\":\"audited-sweep\",\"base\":{\"stop\":{\"maxSteps\":5}},"
                + "\"grid\":{\"tau\":[1,4]}}").get("id").asLong();
        JsonNode swept = entry("sweep.submitted", sweep);
        from(swept, "api-token");
        assertThat(swept.get("targetType").asText()).isEqualTo("sweep");
        assertThat(swept.get("detail").asText()).isEqualTo("audited-sweep (2 jobs)");
        call("/api/v1/sweeps/" + sweep + "/cancel", "{}");
        assertThat(entry("sweep.cancelled", sweep).get("detail").asText()).isEqualTo("audited-sweep (2 jobs cancelled)");

        // a refused submission stores nothing and records nothing
        long before = page("?size=1").get("total").asLong();
        post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"tau\":0}").exchange()
                .expectStatus().isBadRequest();
        assertThat(page("?size=1").get("total").asLong()).isEqualTo(before);
    }

    @Test
    void theTrailIsPagedNewestFirstAndNeedsTheApiToken() {
        for (int i = 0; i < 3; i++) {
            call("/api/v1/jobs", "{\"name\":\"paging " + i + "\"}");
        }
        JsonNode first = page("?page=0&size=2");
        assertThat(first.get("page").asInt()).isZero();
        assertThat(first.get("size").asInt()).isEqualTo(2);
        assertThat(first.get("total").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(first.get("items")).hasSize(2);
        assertThat(first.at("/items/0/detail").asText()).isEqualTo("paging 2");
        assertThat(first.at("/items/1/detail").asText()).isEqualTo("paging 1");
        assertThat(first.at("/items/0/id").asLong()).isGreaterThan(first.at("/items/1/id").asLong());
        assertThat(page("?page=1&size=2").at("/items/0/detail").asText()).isEqualTo("paging 0");

        web.get().uri("/api/v1/audit").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/api/v1/audit;x=1").exchange().expectStatus().isUnauthorized();
        web.get().uri("/api/v1/audit").header("Authorization", "Bearer " + AGENT_TOKEN).exchange()
                .expectStatus().isUnauthorized();
        JsonNode bad = web.get().uri("/api/v1/audit?size=501").header("Authorization", "Bearer " + TOKEN).exchange()
                .expectStatus().isBadRequest().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(bad.findValuesAsText("field")).containsExactly("size");
    }
}
