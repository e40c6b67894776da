package io.easgd.backend.paramserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.backend.agents.WireBytes;
import io.easgd.backend.lab.Lab;
import io.easgd.core.compression.Compression;
import io.easgd.core.protocol.Chunker;
import io.easgd.core.protocol.ParamFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compressed exchanges end to end: the backend and two worker-agent JVMs on loopback train EAMSGD
 * p = 2, τ = 10 with {@code "compression": "int8"}. The job reaches the error of a float32 run, and
 * its uploads take ~3.9× fewer bytes on the wire than float32 frames of the same exchanges would.
 */
class CompressionE2EIT {
    /** The MLP preset: 784-256-256-10. */
    private static final int N = 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10;
    private static Lab lab;

    @BeforeAll
    static void start() throws Exception {
        Path dataDir = Files.createTempDirectory("easgd-compression-");
        lab = new Lab(dataDir, "--easgd.agents.grace=2s");
        lab.startAgent("a");
        lab.startAgent("b");
        lab.awaitIdleAgents(2, Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (lab != null) {
            lab.close();
        }
    }

    private static long wirePerUpload(Compression c) {
        Chunker chunker = new Chunker();
        long bytes = 0;
        for (int i = 0; i < chunker.chunkCount(N, c); i++) {
            bytes += WireBytes.frame(chunker.header(ParamFrame.Kind.UP, 1, 0, 1, 0, N, i, c).frameBytes(), true);
        }
        return bytes;
    }

    @Test
    void eamsgdWithInt8ExchangesTrainsAndItsUploadsTakeAQuarterOfTheBytes() throws Exception {
        long id = lab.post("/api/v1/jobs", "{\"name\":\"e2e-int8\",\"algorithm\":\"EAMSGD\",\"workers\":2,"
                + "\"tau\":10,\"eta\":0.1,\"delta\":0.9,\"compression\":\"int8\",\"stop\":{\"maxSteps\":2000}}")
                .get("id").asLong();
        JsonNode job = lab.awaitState(id, Duration.ofMinutes(8), "COMPLETED", "FAILED", "CANCELLED");
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
        assertThat(job.at("/spec/compression").asText()).isEqualTo("int8");

        long exchanges = 0;
        long duplicates = 0;
        for (JsonNode rank : job.at("/result/ranks")) {
            exchanges += rank.get("exchanges").asLong();
            duplicates += rank.get("duplicates").asLong();
        }
        assertThat(exchanges).isEqualTo(2 * 200);                 // 2000 steps / τ = 10, per worker
        long bytesUp = job.at("/result/bytesUp").asLong();
        // what the agent's frames of one upload take on the wire (masked): int8 fits one 1 MiB frame,
        // float32 would take two
        long f32PerUpload = wirePerUpload(Compression.NONE);
        long int8PerUpload = wirePerUpload(Compression.INT8);
        assertThat(int8PerUpload).isEqualTo(WireBytes.frame(48 + N + (N + 31) / 32, true));
        assertThat(bytesUp).isEqualTo((exchanges + duplicates) * int8PerUpload);
        double ratio = (double) exchanges * f32PerUpload / bytesUp;
        double error = job.at("/result/testError").asDouble();
        System.out.printf("COMPRESSION E2E EAMSGD p=2 tau=10 int8: test error %.4f; %d exchanges, %d bytes up, "
                + "%.2fx below float32; %d bytes down%n", error, exchanges, bytesUp, ratio, job.at("/result/bytesDown").asLong());
        assertThat(ratio).isBetween(3.85, 3.9);
        assertThat(error).as("center test error").isLessThan(0.06);
    }
}
