package io.easgd.backend.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.easgd.backend.BackendIT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document the backend serves is the one the UI's types are generated from
 * ({@code frontend/openapi.json} → {@code frontend/src/api/schema.d.ts}) and the Java client of
 * {@code GeneratedClientE2EIT} (openapi-generator at generate-test-sources, backend/pom.xml), so they cannot drift.
 * With {@code -Dopenapi.update=true} the test rewrites {@code frontend/openapi.json} instead of
 * failing; the frontend test {@code src/api/schema.test.ts} then tells whether schema.d.ts is stale.
 */
class OpenApiContractIT extends BackendIT {
    /** springdoc.api-docs.path in application.yml. */
    static final String API_DOCS = "/api/v1/openapi";
    static final Path COMMITTED = Path.of("..", "frontend", "openapi.json").toAbsolutePath().normalize();
    static final String UPDATE_COMMAND = "mvn -B -pl core,worker-agent,backend -am verify "
            + "-Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=OpenApiContractIT -Dopenapi.update=true"
            + " && (cd frontend && npm run gen:api)";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** Pretty JSON with sorted keys, two-space indent, "\n" line ends, no servers (they name the random port). */
    static String normalise(String json) throws IOException {
        JsonNode tree = JSON.readTree(json);
        if (tree instanceof ObjectNode o) {
            o.remove("servers");
        }
        Object plain = JSON.treeToValue(tree, Object.class);       // maps, so the keys get sorted
        DefaultIndenter indent = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter().withObjectIndenter(indent).withArrayIndenter(indent);
        return JSON.writer(pretty).writeValueAsString(plain) + "\n";
    }

    /**
     * What a generated client is built from (docs/api.md, "OpenAPI document and generated clients"): each
     * operation named by resource under a known tag, no springdoc de-duplicated {@code list_1}; each
     * request body JSON alone with a named schema; paging parameters integers.
     */
    @Test
    void everyOperationIsNamedAndTaggedByResourceAndEveryBodyIsASchema() throws IOException {
        JsonNode doc = JSON.readTree(web.mutate().responseTimeout(Duration.ofSeconds(60)).build()
                .get().uri(API_DOCS).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        java.util.List<String> ids = new java.util.ArrayList<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String where = op.getKey().toUpperCase() + " " + path.getKey();
            JsonNode o = op.getValue();
            ids.add(o.path("operationId").asText());
            assertThat(o.path("operationId").asText()).as(where).matches("[a-z]+[A-Z][A-Za-z]*");
            assertThat(o.path("tags").size()).as(where).isEqualTo(1);
            assertThat(o.path("tags").get(0).asText()).as(where).isIn(OpenApiConfig.TAG_ORDER);
            JsonNode body = o.path("requestBody").path("content");
            if (!body.isMissingNode()) {
                assertThat(body.size()).as(where + " body media types").isEqualTo(1);
                assertThat(body.path("application/json").path("schema").path("$ref").asText()).as(where)
                        .startsWith("#/components/schemas/");
                assertThat(body.path("application/json").path("examples").size()).as(where + " examples").isPositive();
            }
            o.path("parameters").forEach(p -> {
                if (java.util.Set.of("page", "size", "maxPoints").contains(p.path("name").asText())) {
                    assertThat(p.at("/schema/type").asText()).as(where + " " + p.path("name")).isEqualTo("integer");
                }
            });
            o.path("responses").forEach(r -> r.path("content").fieldNames().forEachRemaining(type ->
                    assertThat(type).as(where + " response").isNotEqualTo("*/*")));
        }));
        assertThat(ids).doesNotHaveDuplicates().contains("submitJob", "listJobs", "getJob", "cancelJob", "getJobModel",
                "createSweep", "createAgentToken");
        assertThat(doc.at("/components/schemas/Tau/oneOf/1/$ref").asText()).isEqualTo("#/components/schemas/TauAuto");
        assertThat(doc.at("/paths/~1api~1v1~1jobs/get/parameters/0/schema/items/enum").toString())
                .isEqualTo("[\"QUEUED\",\"ASSIGNING\",\"RUNNING\",\"COMPLETED\",\"FAILED\",\"CANCELLED\",\"STOPPED_EARLY\"]");
    }

    @Test
    void theServedDocumentIsTheOneTheUiTypesAreGeneratedFrom() throws IOException {
        // springdoc builds the document on the first request: allow for a busy machine.
        String served = web.mutate().responseTimeout(Duration.ofSeconds(60)).build()
                .get().uri(API_DOCS).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        String actual = normalise(served);
        assertThat(JSON.readTree(actual).at("/components/schemas/Job/properties/state").isMissingNode())
                .as("the document describes Job.state").isFalse();

        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(COMMITTED, actual, StandardCharsets.UTF_8);
            System.out.println("OpenApiContractIT: wrote " + COMMITTED + " (" + actual.length()
                    + " chars); now run `cd frontend && npm run gen:api` and commit both files.");
            return;
        }
        String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED, StandardCharsets.UTF_8) : "";
        assertThat(committed)
                .as("frontend/openapi.json differs from what the backend serves at " + API_DOCS
                        + ". Update both it and frontend/src/api/schema.d.ts with:\n  " + UPDATE_COMMAND
                        + "\nthen fix the UI where `npm run typecheck` complains, and commit.")
                .isEqualTo(actual);
    }
}
