package io.easgd.agent.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's trust in the server, against a real HTTPS server whose certificate a test CA signed
 * (made with keytool as docs/security.md says): trusted with --ca-file, refused without it with a
 * one-line reason, and the other ways a handshake goes wrong said as plainly.
 */
class TlsTest {
    @TempDir
    static Path dir;
    static TestCertificates certs;
    static HttpsServer https;
    static java.net.ServerSocket plain;

    @BeforeAll
    static void servers() throws Exception {
        certs = TestCertificates.generate(dir, "ip:127.0.0.1");        // not "localhost": see the name test
        https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(certs.serverContext()));
        https.createContext("/", ex -> {
            byte[] body = "hello over TLS".getBytes();
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        https.start();
        // a plain HTTP server, as far as a TLS client sees one: it answers the ClientHello with an HTTP error
        plain = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(() -> {
            while (!plain.isClosed()) {
                try (java.net.Socket s = plain.accept()) {
                    s.getInputStream().read(new byte[512]);
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes());
                } catch (java.io.IOException e) {
                    // closed
                }
            }
        }, "plain-http");
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    static void stop() throws java.io.IOException {
        https.stop(0);
        plain.close();
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String failure(HttpClient client, String url, Path caFile) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> get(client, url));
        assertThat(t).as("a TLS failure for " + url).isNotNull();
        return Tls.explain(t, URI.create(url), caFile);
    }

    @Test
    void withTheCaFileTheServerIsTrusted() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(Tls.trusting(certs.caPem())).build();
        HttpResponse<String> r = get(client, "https://127.0.0.1:" + https.getAddress().getPort() + "/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello over TLS");
    }

    @Test
    void withoutItTheFailureIsOneLineSayingWhatToDo() {
        String url = "https://127.0.0.1:" + https.getAddress().getPort() + "/";
        String message = failure(HttpClient.newHttpClient(), url, null);
        assertThat(message).isEqualTo("TLS: the certificate of https://127.0.0.1:" + https.getAddress().getPort()
                + " is not trusted by this JVM's default trust store: pass --ca-file <the PEM of the server's CA> (or EASGD_CA_FILE)");
        assertThat(message).doesNotContain("\n");
    }

    @Test
    void aCaFileOfAnotherCaIsNamedInTheMessage() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        Path otherCa = TestCertificates.generate(other, "ip:127.0.0.1").caPem();
        String url = "https://127.0.0.1:" + https.getAddress().getPort() + "/";
        String message = failure(HttpClient.newBuilder().sslContext(Tls.trusting(otherCa)).build(), url, otherCa);
        assertThat(message).startsWith("TLS: the certificate of https://127.0.0.1:" + https.getAddress().getPort()
                + " is not trusted by --ca-file " + otherCa + ": pass --ca-file");
    }

    @Test
    void aCertificateForAnotherNameIsSaidToBeSo() {
        String url = "https://localhost:" + https.getAddress().getPort() + "/";
        String message = failure(HttpClient.newBuilder().sslContext(Tls.trusting(certs.caPem())).build(), url, certs.caPem());
        assertThat(message).startsWith("TLS: the certificate of https://localhost:" + https.getAddress().getPort()
                + " is not for localhost (No name matching localhost found)");
    }

    @Test
    void aServerWithoutTlsIsSaidToBeSo() {
        String url = "https://127.0.0.1:" + plain.getLocalPort() + "/";
        String message = failure(HttpClient.newHttpClient(), url, null);
        assertThat(message).isEqualTo("TLS: https://127.0.0.1:" + plain.getLocalPort()
                + " does not speak TLS on this port: use http:// for it, or enable TLS on the server");
    }

    @Test
    void otherFailuresAreNotCalledTls() {
        assertThat(Tls.explain(new java.net.ConnectException("Connection refused"), URI.create("wss://h:1"), null)).isNull();
    }

    @Test
    void aFileWithoutCertificatesIsRefusedNamingTheOption() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
        assertThatThrownBy(() -> Tls.trusting(empty)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--ca-file (EASGD_CA_FILE): " + empty);
        assertThatThrownBy(() -> Tls.trusting(dir.resolve("missing.pem"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--ca-file (EASGD_CA_FILE): cannot read");
    }
}
