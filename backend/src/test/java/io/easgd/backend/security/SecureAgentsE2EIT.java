package io.easgd.backend.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.easgd.backend.EasgdApplication;
import io.easgd.backend.lab.Lab;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Agents on other hosts, end to end: the backend serves HTTPS and WSS on one port with a keystore
 * made by keytool as docs/security.md says (Spring Boot's {@code server.ssl.*}, nothing else), reads
 * need the API token, and real agent JVMs connect — one the backend starts itself (its CA from
 * {@code easgd.agents.ca-file}), one with {@code --ca-file} and the shared token, one enrolled with
 * its own token (CA from {@code EASGD_CA_FILE}). Together they train a job to COMPLETED; an agent
 * without the CA and plaintext clients are refused; revoking the enrolled agent's token ends it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureAgentsE2EIT {
    private static final String API_TOKEN = "e2e-api-token";
    private static final String AGENT_TOKEN = "e2e-agent-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dataDir;
    private TestCertificates certs;
    private ConfigurableApplicationContext backend;
    private int port;
    private HttpClient https;
    private final List<Process> agents = new ArrayList<>();
    private long enrolledTokenId;
    private String enrolledToken;
    private Process enrolled;

    @BeforeAll
    void start() throws Exception {
        dataDir = Files.createTempDirectory("easgd-secure-agents-");
        certs = TestCertificates.generate(Files.createDirectories(dataDir.resolve("tls")), "dns:localhost,ip:127.0.0.1");
        backend = new SpringApplicationBuilder(EasgdApplication.class).run(
                "--server.port=0", "--easgd.data-dir=" + dataDir,
                "--easgd.api-token=" + API_TOKEN, "--easgd.agent-token=" + AGENT_TOKEN,
                "--easgd.read-requires-token=true", "--easgd.eval.interval=1s",
                "--server.ssl.key-store=" + certs.keyStore(), "--server.ssl.key-store-password=" + certs.password(),
                "--server.ssl.key-store-type=PKCS12",
                "--easgd.agents.local=1", "--easgd.agents.jar=" + Lab.agentJar(), "--easgd.agents.java-options=-Xmx1g",
                "--easgd.agents.ca-file=" + certs.caPem());
        port = ((WebServerApplicationContext) backend).getWebServer().getPort();
        https = HttpClient.newBuilder().sslContext(trusting(certs.caPem())).connectTimeout(Duration.ofSeconds(10)).build();

        JsonNode created = send("POST", "/api/v1/agent-tokens", "{\"name\":\"enrolled-box\"}", 201);
        enrolledTokenId = created.get("id").asLong();
        enrolledToken = created.get("token").asText();
        agents.add(agent("remote", AGENT_TOKEN, "wss://127.0.0.1:" + port, List.of("--ca-file", certs.caPem().toString()),
                Map.of()));
        enrolled = agent("enrolled", enrolledToken, "wss://127.0.0.1:" + port, List.of(),
                Map.of("EASGD_CA_FILE", certs.caPem().toString()));
        agents.add(enrolled);
    }

    @AfterAll
    void stop() {
        Lab.stopAll(agents, 15);
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    @Order(1)
    void agentsWithTheCaConnectOverWssAndTrainAJobToCompletion() throws Exception {
        awaitIdle(List.of("local-1", "remote", "enrolled"), Duration.ofSeconds(120));
        assertThat(Files.readString(dataDir.resolve("logs").resolve("agent-1.log")))
                .as("the local agent the backend started").contains("connecting server=wss://127.0.0.1:" + port + "/ws/agents");
        JsonNode token = tokenRow(enrolledTokenId);
        assertThat(token.get("connectedAgents").findValuesAsText("name")).containsExactly("enrolled");

        // three workers: every agent takes part, so each downloads the dataset over https with its own token
        long job = send("POST", "/api/v1/jobs", "{\"name\":\"over-tls\",\"algorithm\":\"EASGD\",\"workers\":3,\"tau\":5,"
                + "\"stop\":{\"maxSteps\":20}}", 202).get("id").asLong();
        JsonNode done = awaitState(job, Duration.ofSeconds(300), "COMPLETED", "FAILED", "CANCELLED");
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.at("/result/ranks").findValuesAsText("state")).containsExactly("FINISHED", "FINISHED", "FINISHED");
        assertThat(Files.readString(dataDir.resolve("agent-enrolled.log"))).contains("dataset file=train-images-idx3-ubyte downloaded");
        // protocol 2: each agent attached its data channel over TLS (the HTTP server's certificate, the agent's CA),
        // and the vectors went there: 4 uploads of 2 frames per rank
        for (java.nio.file.Path log : List.of(dataDir.resolve("logs").resolve("agent-1.log"),
                dataDir.resolve("agent-remote.log"), dataDir.resolve("agent-enrolled.log"))) {
            assertThat(Files.readString(log)).as(log.toString()).contains("data channel attached").contains("tls=true");
        }
        assertThat(backend.getBean(io.micrometer.core.instrument.MeterRegistry.class).get("easgd.data.frames")
                .tag("direction", "in").counter().count()).isGreaterThanOrEqualTo(3 * 4 * 2);
    }

    @Test
    @Order(2)
    void anAgentWithoutTheCaIsRefusedWithOneClearLine() throws Exception {
        Process p = agent("untrusting", AGENT_TOKEN, "wss://127.0.0.1:" + port, List.of(), Map.of());
        agents.add(p);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("the agent gives up instead of retrying").isTrue();
        assertThat(p.exitValue()).isEqualTo(5);
        String log = Files.readString(dataDir.resolve("agent-untrusting.log"));
        assertThat(log).contains("ERROR Agent - TLS: the certificate of wss://127.0.0.1:" + port
                + " is not trusted by this JVM's default trust store: pass --ca-file <the PEM of the server's CA> (or EASGD_CA_FILE)");
        assertThat(log).as("no stack trace").doesNotContain("\tat ");
        assertThat(log).doesNotContain("retrying in");
    }

    @Test
    @Order(3)
    void plaintextClientsAreRefusedOnTheTlsPort() throws Exception {
        Throwable http = catchThrowable(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/jobs")).header("Authorization", "Bearer " + API_TOKEN)
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()));
        assertThat(http).as("http:// on the TLS port").isInstanceOf(IOException.class);
        Throwable ws = catchThrowable(() -> HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/agents"), new WebSocket.Listener() { })
                .get(20, TimeUnit.SECONDS));
        assertThat(ws).as("ws:// on the TLS port").isNotNull();
        assertThat(ws.getCause()).isInstanceOf(IOException.class);
        // the same calls over TLS work
        assertThat(send("GET", "/api/v1/jobs", null, 200).get("total").asLong()).isPositive();

        // an agent given ws:// keeps trying (the port may come back as plain HTTP), and says what may be wrong
        Process plain = agent("plaintext", AGENT_TOKEN, "ws://127.0.0.1:" + port, List.of(), Map.of());
        agents.add(plain);
        Path log = dataDir.resolve("agent-plaintext.log");
        Awaitility.await("the plaintext agent's first retry").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.readString(log).contains("retrying in"));
        assertThat(Files.readString(log)).contains("(if the server uses TLS, connect with wss://); retrying in");
        assertThat(plain.isAlive()).isTrue();
        plain.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(names(send("GET", "/api/v1/agents", null, 200))).doesNotContain("plaintext");
    }

    @Test
    @Order(4)
    void revokingTheEnrolledAgentsTokenDisconnectsItAtOnceAndItDoesNotComeBack() throws Exception {
        assertThat(enrolled.isAlive()).isTrue();
        long before = System.nanoTime();
        JsonNode revoked = send("DELETE", "/api/v1/agent-tokens/" + enrolledTokenId, null, 200);
        assertThat(revoked.get("revokedAt").isNull()).isFalse();

        Awaitility.await("the enrolled agent disconnected").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> !names(send("GET", "/api/v1/agents", null, 200)).contains("enrolled"));
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
        assertThat(enrolled.waitFor(20, TimeUnit.SECONDS)).as("the agent ends instead of reconnecting").isTrue();
        assertThat(enrolled.exitValue()).isEqualTo(3);
        String log = Files.readString(dataDir.resolve("agent-enrolled.log"));
        assertThat(log).contains("the server revoked this agent's token (close 4001 \"agent token revoked\"); not reconnecting");
        assertThat(log).doesNotContain(enrolledToken);
        assertThat(names(send("GET", "/api/v1/agents", null, 200))).containsExactlyInAnyOrder("local-1", "remote");

        // started again with the revoked token, it is refused at once, and that is recorded too
        Process again = agent("enrolled-again", enrolledToken, "wss://127.0.0.1:" + port,
                List.of("--ca-file", certs.caPem().toString()), Map.of());
        agents.add(again);
        assertThat(again.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).isEqualTo(3);

        JsonNode trail = send("GET", "/api/v1/audit?size=100", null, 200).get("items");
        List<String> mine = new ArrayList<>();
        for (JsonNode e : trail) {
            boolean token = e.get("targetType").asText().equals("agent-token") && e.get("targetId").asLong() == enrolledTokenId;
            boolean refused = e.get("action").asText().equals("agent.refused")
                    && e.get("actor").asText().equals("agent-token:" + enrolledTokenId);
            if (token || refused) {
                mine.add(e.get("action").asText() + " by " + e.get("actor").asText() + " from " + e.get("remoteAddress").asText());
            }
        }
        assertThat(mine).containsExactly(                      // newest first
                "agent.refused by agent-token:" + enrolledTokenId + " from 127.0.0.1",
                "agent-token.revoked by api-token from 127.0.0.1",
                "agent-token.created by api-token from 127.0.0.1");
        assertThat(trail.toString()).doesNotContain(enrolledToken);
    }

    // ------------------------------------------------------------------ helpers

    private Process agent(String name, String token, String server, List<String> extra, Map<String, String> env)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", Lab.agentJar().toString(), "--server", server, "--name", name,
                "--cache-dir", dataDir.resolve("agent-cache-" + name).toString()));
        cmd.addAll(extra);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("EASGD_AGENT_TOKEN", token);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(dataDir.resolve("agent-" + name + ".log").toFile());
        return pb.start();
    }

    private JsonNode send(String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + API_TOKEN).timeout(Duration.ofSeconds(30));
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = https.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new AssertionError(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private JsonNode tokenRow(long id) throws Exception {
        for (JsonNode t : send("GET", "/api/v1/agent-tokens", null, 200)) {
            if (t.get("id").asLong() == id) {
                return t;
            }
        }
        throw new AssertionError("token " + id + " is not listed");
    }

    private static List<String> names(JsonNode agents) {
        return agents.findValuesAsText("name");
    }

    private void awaitIdle(List<String> expected, Duration timeout) {
        Awaitility.await(expected + " idle").atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode list = send("GET", "/api/v1/agents", null, 200);
            int idle = 0;
            for (JsonNode a : list) {
                idle += expected.contains(a.get("name").asText()) && "IDLE".equals(a.get("state").asText()) ? 1 : 0;
            }
            return idle == expected.size();
        });
    }

    private JsonNode awaitState(long job, Duration timeout, String... states) {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await("job " + job + " in " + List.of(states)).atMost(timeout).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    last[0] = send("GET", "/api/v1/jobs/" + job, null, 200);
                    return List.of(states).contains(last[0].get("state").asText());
                });
        return last[0];
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (var in = Files.newInputStream(pem)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
