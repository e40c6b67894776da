package io.easgd.backend.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.backend.BackendIT;
import io.easgd.core.protocol.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Per-agent enrollment tokens against the running backend and its PostgreSQL: shown once, stored as
 * a hash, listed with the agent connected with them, revoked with that agent disconnected at once,
 * every call behind the API token, and each step in the audit trail.
 */
class AgentTokensApiIT extends BackendIT {
    @Autowired
    JdbcTemplate jdbc;

    /** Test agents opened by a test; closed after it, so that no other test's job goes to them. */
    private final List<TestAgentSocket> sockets = new ArrayList<>();
    private final List<String> agentIds = new ArrayList<>();

    private TestAgentSocket connect(String token, String agentId) throws Exception {
        TestAgentSocket s = TestAgentSocket.hello(port, token, agentId);
        sockets.add(s);
        agentIds.add(agentId);
        return s;
    }

    @AfterEach
    void closeTestAgents() {
        sockets.forEach(TestAgentSocket::close);
        Awaitility.await("the test agents gone").atMost(Duration.ofSeconds(10)).until(() ->
                web.get().uri("/api/v1/agents").exchange().expectBody(JsonNode.class).returnResult().getResponseBody()
                        .findValuesAsText("id").stream().noneMatch(agentIds::contains));
    }

    private JsonNode create(String name) {
        return post("/api/v1/agent-tokens").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", name)).exchange()
                .expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/api/v1/agent-tokens/\\d+")
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode list() {
        return web.get().uri("/api/v1/agent-tokens").header("Authorization", "Bearer " + TOKEN).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode row(long id) {
        for (JsonNode t : list()) {
            if (t.get("id").asLong() == id) {
                return t;
            }
        }
        throw new AssertionError("token " + id + " is not listed: " + list());
    }

    private WebTestClient.ResponseSpec revoke(Object id) {
        return web.delete().uri("/api/v1/agent-tokens/" + id).header("Authorization", "Bearer " + TOKEN).exchange();
    }

    private List<JsonNode> audit(String action, String targetId) {
        JsonNode page = web.get().uri("/api/v1/audit?size=500").header("Authorization", "Bearer " + TOKEN).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        List<JsonNode> out = new ArrayList<>();
        page.get("items").forEach(e -> {
            if (e.get("action").asText().equals(action) && e.get("targetId").asText().equals(targetId)) {
                out.add(e);
            }
        });
        return out;
    }

    @Test
    void aTokenIsShownOnceStoredAsItsHashAndNeverLogged() {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        JsonNode created;
        try {
            created = create("gpu-box-1");
        } finally {
            root.detachAppender(logs);
        }
        long id = created.get("id").asLong();
        String token = created.get("token").asText();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");                   // 256 random bits, base64url
        assertThat(created.get("name").asText()).isEqualTo("gpu-box-1");
        assertThat(created.get("createdBy").asText()).isEqualTo("api-token");

        String stored = jdbc.queryForObject("select token_sha256 from agent_tokens where id = ?", String.class, id);
        assertThat(stored).isEqualTo(HexFormat.of().formatHex(Tokens.sha256(token)));
        assertThat(jdbc.queryForObject("select count(*) from agent_tokens where row(agent_tokens.*)::text like ?",
                Long.class, "%" + token + "%")).as("the token itself is in no column").isZero();

        JsonNode listed = row(id);
        assertThat(listed.has("token")).isFalse();
        assertThat(list().toString()).doesNotContain(token).doesNotContain(stored);
        assertThat(listed.get("name").asText()).isEqualTo("gpu-box-1");
        assertThat(listed.get("createdBy").asText()).isEqualTo("api-token");
        assertThat(listed.get("createdAt").asText()).isNotBlank();
        assertThat(listed.get("lastUsedAt").isNull()).isTrue();
        assertThat(listed.get("revokedAt").isNull()).isTrue();
        assertThat(listed.get("connectedAgents")).isEmpty();

        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("agent token " + id + " (gpu-box-1) created"))
                .allSatisfy(m -> assertThat(m).doesNotContain(token).doesNotContain(stored));

        List<JsonNode> audited = audit("agent-token.created", Long.toString(id));
        assertThat(audited).singleElement().satisfies(e -> {
            assertThat(e.get("actor").asText()).isEqualTo("api-token");
            assertThat(e.get("remoteAddress").asText()).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
            assertThat(e.get("targetType").asText()).isEqualTo("agent-token");
            assertThat(e.get("detail").asText()).isEqualTo("gpu-box-1");
            assertThat(e.toString()).doesNotContain(token);
        });
    }

    @Test
    void anEnrolledAgentConnectsIsListedAndIsDisconnectedTheMomentItsTokenIsRevoked() throws Exception {
        JsonNode created = create("box-revoked");
        long id = created.get("id").asLong();
        String token = created.get("token").asText();

        TestAgentSocket agent = connect(token, "enrolled-1");
        assertThat(agent.next(Duration.ofSeconds(10))).contains("\"type\":\"welcome\"").contains("enrolled-1");
        Awaitility.await("the agent listed with its token").atMost(Duration.ofSeconds(10))
                .until(() -> row(id).get("connectedAgents").size() == 1 && !row(id).get("lastUsedAt").isNull());
        JsonNode listed = row(id).get("connectedAgents").get(0);
        assertThat(listed.get("id").asText()).isEqualTo("enrolled-1");
        assertThat(listed.get("name").asText()).isEqualTo("enrolled-1-name");
        assertThat(listed.get("remoteAddress").asText()).isEqualTo("127.0.0.1");

        // the token also fetches dataset files, as the agent's downloads do
        web.get().uri("/api/v1/datasets/mnist-10k/files/t10k-labels-idx1-ubyte").header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isOk();

        long revokedAt = System.nanoTime();
        JsonNode revoked = revoke(id).expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(revoked.get("revokedAt").isNull()).isFalse();
        assertThat(revoked.get("revokedBy").asText()).isEqualTo("api-token");
        TestAgentSocket.Closed closed = agent.awaitClosed(Duration.ofSeconds(5));
        assertThat(closed.code()).isEqualTo(Protocol.CLOSE_BAD_TOKEN);
        assertThat(closed.reason()).isEqualTo("agent token revoked");
        assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(Duration.ofSeconds(5));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                web.get().uri("/api/v1/agents").exchange().expectBody(JsonNode.class).returnResult().getResponseBody()
                        .findValuesAsText("id").stream().noneMatch("enrolled-1"::equals));
        assertThat(row(id).get("connectedAgents")).isEmpty();

        // coming back with it is refused, and recorded
        TestAgentSocket again = connect(token, "enrolled-1");
        assertThat(again.awaitClosed(Duration.ofSeconds(10))).isEqualTo(new TestAgentSocket.Closed(4001, "agent token revoked"));
        Awaitility.await("the refusal in the audit trail").atMost(Duration.ofSeconds(10))
                .until(() -> !audit("agent.refused", "enrolled-1").isEmpty());
        JsonNode refused = audit("agent.refused", "enrolled-1").get(0);
        assertThat(refused.get("actor").asText()).isEqualTo("agent-token:" + id);
        assertThat(refused.get("remoteAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(refused.get("detail").asText()).startsWith("agent token revoked (box-revoked)");

        // revoking again changes nothing: same answer, one audit row
        JsonNode twice = revoke(id).expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(twice.get("revokedAt")).isEqualTo(revoked.get("revokedAt"));
        assertThat(audit("agent-token.revoked", Long.toString(id))).singleElement()
                .satisfies(e -> assertThat(e.get("actor").asText()).isEqualTo("api-token"))
                .satisfies(e -> assertThat(e.get("detail").asText()).isEqualTo("box-revoked"));
        assertThat(row(id).get("revokedAt")).isEqualTo(revoked.get("revokedAt"));
    }

    @Test
    void anUnknownTokenIsRefusedAndRecordedAndTheSharedTokenStillWorks() throws Exception {
        TestAgentSocket stranger = connect("not-a-token-of-ours", "stranger-1");
        assertThat(stranger.awaitClosed(Duration.ofSeconds(10))).isEqualTo(new TestAgentSocket.Closed(4001, "wrong agent token"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !audit("agent.refused", "stranger-1").isEmpty());
        JsonNode refused = audit("agent.refused", "stranger-1").get(0);
        assertThat(refused.get("actor").asText()).isEqualTo("agent-token:unknown");
        assertThat(refused.get("detail").asText()).isEqualTo("wrong agent token; agent name stranger-1-name");
        assertThat(refused.toString()).doesNotContain("not-a-token-of-ours");

        TestAgentSocket shared = connect(AGENT_TOKEN, "shared-1");
        assertThat(shared.next(Duration.ofSeconds(10))).contains("\"type\":\"welcome\"");
        assertThat(list().toString()).doesNotContain("shared-1");
    }

    @Test
    void everyCallNeedsTheApiTokenAndBadInputIsNamed() {
        web.post().uri("/api/v1/agent-tokens").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"x\"}")
                .exchange().expectStatus().isUnauthorized();
        web.get().uri("/api/v1/agent-tokens").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/api/v1/agent-tokens").header("Authorization", "Bearer " + AGENT_TOKEN).exchange()
                .expectStatus().isUnauthorized();
        web.delete().uri("/api/v1/agent-tokens/1").exchange().expectStatus().isUnauthorized();

        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("{}", "name");
        bad.put("{\"name\":\"\"}", "name");
        bad.put("{\"name\":\"   \"}", "name");
        bad.put("{\"name\":42}", "name");
        bad.put("{\"name\":\"a\\u0000b\"}", "name");
        bad.put("{\"name\":\"two\\nlines\"}", "name");
        bad.put("{\"name\":\"job\\u202egpj.exe\"}", "name");
        bad.put("{\"name\":\"" + "x".repeat(201) + "\"}", "name");
        bad.put("{\"name\":\"ok\",\"colour\":\"red\"}", "colour");
        bad.put("not json", "body");
        bad.put("[1]", "body");
        for (var b : bad.entrySet()) {
            JsonNode p = post("/api/v1/agent-tokens").contentType(MediaType.APPLICATION_JSON).bodyValue(b.getKey()).exchange()
                    .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(p.findValuesAsText("field")).as(b.getKey()).containsExactly(b.getValue());
        }
        JsonNode missing = revoke(999_999).expectStatus().isNotFound().expectBody(JsonNode.class).returnResult()
                .getResponseBody();
        assertThat(missing.get("detail").asText()).isEqualTo("agent token 999999 does not exist");
        JsonNode notANumber = revoke("abc").expectStatus().isBadRequest().expectBody(JsonNode.class).returnResult()
                .getResponseBody();
        assertThat(notANumber.findValuesAsText("field")).containsExactly("id");
        assertThat(jdbc.queryForObject("select count(*) from agent_tokens where name = 'ok'", Long.class)).isZero();
    }

    @Test
    void aNewTokenWorksAtOnce() {
        // agents are authenticated from memory, which create updates before it answers
        String token = create("fresh").get("token").asText();
        web.get().uri("/api/v1/datasets/mnist-10k/files/t10k-labels-idx1-ubyte").header("Authorization", "Bearer " + token)
                .exchange().expectStatus().isOk();
    }
}
