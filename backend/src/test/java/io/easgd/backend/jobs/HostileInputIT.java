package io.easgd.backend.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.backend.BackendIT;
import io.easgd.core.spec.Text;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Text PostgreSQL cannot store (NUL, lone surrogates), over-long strings, control and bidi
 * characters in every string field, and malformed query parameters, headers and path ids: each is a
 * 4xx application/problem+json naming the field, never a 500, and nothing is stored.
 */
class HostileInputIT extends BackendIT {
    @Autowired
    JobRepository jobs;

    /** Hostile values for single-line fields, by what they are. */
    static final Map<String, String> HOSTILE = new LinkedHashMap<>();

    static {
        HOSTILE.put("NUL", "a\u0000b");
        HOSTILE.put("lone high surrogate", "a\ud800b");
        HOSTILE.put("lone low surrogate", "a\udc00b");
        HOSTILE.put("high surrogate at the end", "ab\ud83d");
        HOSTILE.put("10,000 characters", "x".repeat(10_000));
        HOSTILE.put("BEL", "a\u0007b");
        HOSTILE.put("ESC (terminal escape)", "a\u001b[31mred");
        HOSTILE.put("line feed", "two\nlines");
        HOSTILE.put("tab", "a\tb");
        HOSTILE.put("DEL", "a\u007fb");
        HOSTILE.put("C1 NEL", "a\u0085b");
        HOSTILE.put("right-to-left override", "job\u202egpj.exe");
        HOSTILE.put("right-to-left isolate", "job\u2067x");
        HOSTILE.put("line separator", "a\u2028b");
    }

    /** A JSON string literal with everything outside printable ASCII as a \\u escape: the body stays ASCII, so a lone surrogate really arrives as one. */
    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private long storedJobs() {
        return jobs.list(Set.of(), Set.of(), 0, 1).total();
    }

    private JsonNode problem(WebTestClient.ResponseSpec response, HttpStatus status) {
        JsonNode p = response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(p).isNotNull();
        assertThat(p.get("status").asInt()).isEqualTo(status.value());
        assertThat(p.toString()).doesNotContain("Exception").doesNotContain("at io.");
        return p;
    }

    private static List<String> fields(JsonNode problem) {
        List<String> out = new ArrayList<>();
        problem.get("errors").forEach(e -> out.add(e.get("field").asText()));
        return out;
    }

    private void refused(String path, String body, String field, String what) {
        JsonNode p = problem(post(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange(),
                HttpStatus.BAD_REQUEST);
        assertThat(fields(p)).as(what + " in " + field + " at " + path).containsExactly(field);
        // the message names the problem but does not echo a huge or unstorable value back
        String message = p.at("/errors/0/message").asText();
        assertThat(message.length()).as(message).isLessThan(300);
        assertThat(message).doesNotContain("\u0000");
    }

    @Test
    void everyStringFieldRefusesTextThatCannotOrShouldNotBeStored() {
        long original = submit("{\"name\":\"original\"}").get("id").asLong();
        long before = storedJobs();
        Map<String, Function<String, String>> bodies = new LinkedHashMap<>();
        bodies.put("name", v -> "{\"name\":" + json(v) + "}");
        bodies.put("model", v -> "{\"model\":" + json(v) + "}");
        bodies.put("dataset", v -> "{\"dataset\":" + json(v) + "}");
        bodies.put("modelJson", v -> "{\"model\":\"custom\",\"modelJson\":" + json(v) + "}");
        for (var field : bodies.entrySet()) {
            for (var hostile : HOSTILE.entrySet()) {
                String value = hostile.getValue();
                if (field.getKey().equals("modelJson")) {
                    if (value.equals("two\nlines") || value.equals("a\tb") || value.equals("a\u2028b")) {
                        continue;                        // JSON text may span lines (see the next test)
                    }
                    if (value.length() == 10_000) {
                        value = "x".repeat(Text.MODEL_JSON_MAX + 1);
                    }
                }
                String body = field.getValue().apply(value);
                refused("/api/v1/jobs", body, field.getKey(), hostile.getKey());
                refused("/api/v1/jobs/check", body, field.getKey(), hostile.getKey());
                refused("/api/v1/jobs/" + original + "/clone", body, field.getKey(), hostile.getKey());
            }
        }
        assertThat(storedJobs()).isEqualTo(before);
        // an agent token's name follows the same rules (and nothing is stored: the list stays as it was)
        String tokensBefore = web.get().uri("/api/v1/agent-tokens").header("Authorization", "Bearer " + TOKEN).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        for (var hostile : HOSTILE.entrySet()) {
            refused("/api/v1/agent-tokens", "{\"name\":" + json(hostile.getValue()) + "}", "name", hostile.getKey());
        }
        assertThat(web.get().uri("/api/v1/agent-tokens").header("Authorization", "Bearer " + TOKEN).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody()).isEqualTo(tokensBefore);

        // a body over what the server reads (256 KiB) is refused as a whole
        problem(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"custom\",\"modelJson\":\"" + "x".repeat(300_000) + "\"}").exchange(),
                HttpStatus.PAYLOAD_TOO_LARGE);

        // every bad field is named at once, name with the spec's
        JsonNode p = problem(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"\\u0000\",\"priority\":1.5,\"tau\":0,\"dataset\":\"\\ud800\"}").exchange(),
                HttpStatus.BAD_REQUEST);
        assertThat(fields(p)).containsExactlyInAnyOrder("name", "priority", "tau", "dataset");
        // hostile keys and enum values are refused too
        assertThat(fields(problem(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"algorithm\":\"\\u0000\\ud800\"}").exchange(), HttpStatus.BAD_REQUEST)))
                .containsExactly("algorithm");
        assertThat(problem(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"\\u0000\\udc00\":1}").exchange(), HttpStatus.BAD_REQUEST).get("errors")).hasSize(1);
        assertThat(fields(problem(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"stop\":{\"maxSteps\":\"\\u0000\"}}").exchange(), HttpStatus.BAD_REQUEST)))
                .singleElement().asString().startsWith("stop");
        assertThat(storedJobs()).isEqualTo(before);
    }

    @Test
    void fineTextIsStoredAsSent() {
        String unicode = "résumé 日本語 😀 עברית tau=10";
        JsonNode job = submit("{\"name\":" + json(unicode) + ",\"priority\":2}");
        assertThat(job.get("name").asText()).isEqualTo(unicode);
        JsonNode got = web.get().uri("/api/v1/jobs/{id}", job.get("id").asLong()).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(got.get("name").asText()).isEqualTo(unicode);

        // the limit counts characters (code points): 200 emoji are 400 UTF-16 units, and fit
        String longest = "😀".repeat(Text.NAME_MAX);
        JsonNode big = submit("{\"name\":" + json(longest) + "}");
        assertThat(big.get("name").asText()).isEqualTo(longest);
        refused("/api/v1/jobs", "{\"name\":" + json("a".repeat(Text.NAME_MAX + 1)) + "}", "name", "201 characters");
        // ... and cloning a job with the longest name still gives a name that fits
        JsonNode clone = post("/api/v1/jobs/" + big.get("id").asLong() + "/clone").exchange()
                .expectStatus().isAccepted().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(clone.get("name").asText()).endsWith(" (clone)");
        assertThat(clone.get("name").asText().codePointCount(0, clone.get("name").asText().length()))
                .isEqualTo(Text.NAME_MAX);

        // surrounding spaces are trimmed, as before; a blank name gets the default
        assertThat(submit("{\"name\":\"  padded  \"}").get("name").asText()).isEqualTo("padded");
        assertThat(submit("{\"name\":\"   \"}").get("name").asText()).startsWith("eamsgd p=2");

        // modelJson is JSON text: line breaks and tabs are fine there, and kept as sent
        String modelJson = "{\n\t\"confs\": []\r\n}";
        JsonNode custom = submit("{\"model\":\"custom\",\"modelJson\":" + json(modelJson) + "}");
        assertThat(custom.at("/spec/modelJson").asText()).isEqualTo(modelJson);

        // and after all the hostile submissions, the same submission with a fine name is accepted
        assertThat(submit("{\"name\":\"fine-name\",\"model\":\"mlp\",\"dataset\":\"mnist-10k\"}").get("state").asText())
                .isEqualTo("QUEUED");
    }

    @Test
    void badQueryParametersHeadersAndPathIdsAre400NamingThem() {
        long id = submit("{\"name\":\"params\"}").get("id").asLong();
        Map<String, String> listParams = Map.of("state", "state", "algorithm", "algorithm", "page", "page", "size", "size");
        for (String param : listParams.keySet()) {
            for (String bad : List.of("\u0000", "\ud800", "x".repeat(3_000), "\u202eRUNNING", "1e3", "-", ",,,?")) {
                if (bad.equals(",,,?") && (param.equals("state") || param.equals("algorithm"))) {
                    continue;
                }
                assertThat(fields(problem(web.get().uri("/api/v1/jobs?" + param + "={v}", bad).exchange(),
                        HttpStatus.BAD_REQUEST))).as(param + "=" + bad.length()).containsExactly(param);
            }
        }
        // an empty filter is no filter; repeated and comma-separated values still combine
        web.get().uri("/api/v1/jobs?state=&algorithm=").exchange().expectStatus().isOk();
        JsonNode both = web.get().uri("/api/v1/jobs?state=RUNNING&state= queued ,&algorithm=EAMSGD,SGD").exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(both.get("items").findValuesAsText("id")).contains(Long.toString(id));
        // a URL longer than the HTTP server takes (4 KiB request line) is refused before the API sees it
        // (once, in a full CI run, this answer took longer than WebTestClient's default 5 s: allow 30)
        web.mutate().responseTimeout(java.time.Duration.ofSeconds(30)).build()
                .get().uri("/api/v1/jobs?state={v}", "x".repeat(10_000)).exchange()
                .expectStatus().isEqualTo(HttpStatus.URI_TOO_LONG);
        // bytes that are not UTF-8 at all
        assertThat(fields(problem(web.get().uri(URI.create("http://localhost:" + port + "/api/v1/jobs?state=%ED%A0%80%FF"))
                .exchange(), HttpStatus.BAD_REQUEST))).containsExactly("state");

        for (String param : List.of("series", "from", "to", "maxPoints")) {
            for (String bad : List.of("\u0000", "\udc00", "x".repeat(3_000), "abc", "1.5")) {
                assertThat(fields(problem(web.get().uri("/api/v1/jobs/{id}/metrics?" + param + "={v}", id, bad).exchange(),
                        HttpStatus.BAD_REQUEST))).as(param).containsExactly(param);
            }
        }
        assertThat(fields(problem(web.get().uri(URI.create("http://localhost:" + port + "/api/v1/jobs/" + id
                + "/metrics?series=%ED%A0%80")).exchange(), HttpStatus.BAD_REQUEST))).containsExactly("series");

        // the SSE cursor, as a query parameter and as the header an EventSource sends
        for (String bad : List.of("abc", "\u0000", "99999999999999999999", "1.5", "x".repeat(3_000))) {
            assertThat(fields(problem(web.get().uri("/api/v1/jobs/{id}/events?after={v}", id, bad)
                    .accept(MediaType.TEXT_EVENT_STREAM).exchange(), HttpStatus.BAD_REQUEST)))
                    .containsExactly("after");
        }
        for (String bad : List.of("abc", "99999999999999999999", "1.5", "x".repeat(4_000))) {
            assertThat(fields(problem(web.get().uri("/api/v1/jobs/{id}/events", id).header("Last-Event-ID", bad)
                    .accept(MediaType.TEXT_EVENT_STREAM).exchange(), HttpStatus.BAD_REQUEST)))
                    .containsExactly("Last-Event-ID");
        }

        // path ids that are not numbers, on every endpoint that takes one
        for (String bad : List.of("abc", "\u0000", "99999999999999999999", "1.5", "x".repeat(1_000), "\ud800")) {
            for (String suffix : List.of("", "/history", "/metrics", "/workers", "/model")) {
                assertThat(fields(problem(web.get().uri("/api/v1/jobs/{id}" + suffix, bad).exchange(),
                        HttpStatus.BAD_REQUEST))).as(suffix).containsExactly("id");
            }
            assertThat(fields(problem(web.get().uri("/api/v1/jobs/{id}/events", bad)
                    .accept(MediaType.TEXT_EVENT_STREAM).exchange(), HttpStatus.BAD_REQUEST)))
                    .containsExactly("id");
            for (String suffix : List.of("/cancel", "/clone")) {
                assertThat(fields(problem(post("/api/v1/jobs/{id}" + suffix, bad).exchange(), HttpStatus.BAD_REQUEST)))
                        .as(suffix).containsExactly("id");
            }
        }
        // a path id that is a number but no job: 404, also to an EventSource
        problem(web.get().uri("/api/v1/jobs/-1").exchange(), HttpStatus.NOT_FOUND);
        problem(web.get().uri("/api/v1/jobs/987654/events").accept(MediaType.TEXT_EVENT_STREAM).exchange(),
                HttpStatus.NOT_FOUND);

        // dataset file downloads with a NUL in the dataset name or the file path: 404, not 500
        problem(web.get().uri("/api/v1/datasets/{n}/files/x", "a\u0000b").header("Authorization", "Bearer " + TOKEN)
                .exchange(), HttpStatus.NOT_FOUND);
        problem(web.get().uri("/api/v1/datasets/mnist-10k/files/{f}", "a\u0000b").header("Authorization", "Bearer " + TOKEN)
                .exchange(), HttpStatus.NOT_FOUND);
    }

    private JsonNode submit(String body) {
        return post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private WebTestClient.RequestBodySpec post(String uriTemplate, Object... vars) {
        return web.post().uri(uriTemplate, vars).header("Authorization", "Bearer " + TOKEN);
    }
}
