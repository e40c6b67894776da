package io.easgd.agent.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.easgd.core.data.Dataset;
import io.easgd.core.protocol.ToAgent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real HTTP server (the JDK's) standing in for the backend's dataset endpoint. */
class DatasetCacheTest {
    private static final String PREFIX = "/api/v1/datasets/tiny/files/";

    @TempDir
    Path tmp;

    private HttpServer server;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private DatasetCache cache;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(PREFIX, exchange -> {
            requests.incrementAndGet();
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = served.get(exchange.getRequestURI().getPath().substring(PREFIX.length()));
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        cache = new DatasetCache(tmp.resolve("cache"), HttpClient.newHttpClient(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "agent-secret");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private static String sha256(byte[] bytes) throws IOException {
        Path f = Files.createTempFile("sha", ".bin");
        Files.write(f, bytes);
        String sha = Dataset.sha256(f);
        Files.delete(f);
        return sha;
    }

    private ToAgent.DatasetRef announce(String name, byte[] content) throws IOException {
        return new ToAgent.DatasetRef("tiny", List.of(new ToAgent.FileRef(name, content.length, sha256(content), PREFIX + name)));
    }

    @Test
    void aMissingFileIsDownloadedWithTheAgentTokenAndChecked() throws Exception {
        byte[] content = "0123456789".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        served.put("a.bin", content);

        Path dir = cache.fetch(announce("a.bin", content));

        assertThat(dir).isEqualTo(tmp.resolve("cache/datasets/tiny"));
        assertThat(dir.resolve("a.bin")).hasBinaryContent(content);
        assertThat(requests).hasValue(1);
        assertThat(authorizations).containsExactly("Bearer agent-secret");
    }

    @Test
    void aCachedFileThatMatchesIsNotDownloadedAgain() throws Exception {
        byte[] content = "cached".getBytes(StandardCharsets.US_ASCII);
        served.put("a.bin", content);
        cache.fetch(announce("a.bin", content));
        served.remove("a.bin");                                       // the server could not even serve it now

        cache.fetch(announce("a.bin", content));

        assertThat(requests).hasValue(1);
    }

    @Test
    void aCachedFileThatDiffersIsDownloadedAgain() throws Exception {
        byte[] content = "the real data".getBytes(StandardCharsets.US_ASCII);
        Path dir = Files.createDirectories(tmp.resolve("cache/datasets/tiny"));
        Files.writeString(dir.resolve("a.bin"), "stale data!!!");      // same size, other bytes
        served.put("a.bin", content);

        cache.fetch(announce("a.bin", content));

        assertThat(dir.resolve("a.bin")).hasBinaryContent(content);
        assertThat(requests).hasValue(1);
    }

    @Test
    void aDownloadWithTheWrongChecksumIsRefusedAndNeverUsed() throws Exception {
        byte[] announced = "what the assignment promises".getBytes(StandardCharsets.US_ASCII);
        served.put("a.bin", "what the server actually has".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> cache.fetch(announce("a.bin", announced)))
                .isInstanceOf(DatasetCache.DatasetException.class)
                .hasMessageContaining("/api/v1/datasets/tiny/files/a.bin")
                .hasMessageContaining("SHA-256 " + sha256(announced))
                .hasMessageContaining("the file is not used");

        Path dir = tmp.resolve("cache/datasets/tiny");
        assertThat(dir.resolve("a.bin")).doesNotExist();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();                               // no half-written .part file either
        }
    }

    @Test
    void anHttpErrorIsReportedWithTheUrlAndStatus() throws Exception {
        assertThatThrownBy(() -> cache.fetch(announce("missing.bin", new byte[] {1, 2, 3})))
                .isInstanceOf(DatasetCache.DatasetException.class)
                .hasMessageContaining("missing.bin answered HTTP 404");
    }
}
