package io.easgd.backend.paramserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.backend.agents.WireBytes;
import io.easgd.backend.lab.Lab;
import io.easgd.backend.lab.SharedLab;
import io.easgd.core.compression.Compression;
import io.easgd.core.protocol.Chunker;
import io.easgd.core.protocol.ParamFrame;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The exchange options end to end, together as a user would combine them: the backend and two
 * worker-agent JVMs on loopback train EAMSGD p = 2, τ = 10 with {@code "compression": "int8"} and
 * {@code "overlap": true} (auto-k: each worker runs its exchange behind the k local steps it measured
 * it takes). Each worker sends its rounded upload and computes its next steps while the reply travels; the wire stays one UP outstanding per rank, so every rank makes exactly its
 * ⌈maxSteps/τ⌉ exchanges, none twice; its uploads take 3.88× fewer bytes than float32 frames of the same
 * exchanges would, and the center trains as well as without either option. Runs on the {@link SharedLab}.
 */
@ExtendWith(SharedLab.Extension.class)
class ExchangeOptionsE2EIT {
    /** The MLP preset: 784-256-256-10. */
    private static final int N = 784 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10;
    private static Lab lab;

    @BeforeAll
    static void start() throws Exception {
        lab = SharedLab.get();
    }

    private static long wirePerUpload(Compression c) {
        Chunker chunker = new Chunker();
        long bytes = 0;
        for (int i = 0; i < chunker.chunkCount(N, c); i++) {
            // the shared lab's agents speak protocol 2: their frames go on the data channel
            bytes += WireBytes.data(chunker.header(ParamFrame.Kind.UP, 1, 0, 1, 0, N, i, c).frameBytes());
        }
        return bytes;
    }

    @Test
    void overlappedInt8EamsgdTrainsWithEveryExchangeOnceAndAQuarterOfTheUploadBytes() throws Exception {
        long id = lab.post("/api/v1/jobs", "{\"name\":\"e2e-int8-overlap\",\"algorithm\":\"EAMSGD\",\"workers\":2,"
                + "\"tau\":10,\"eta\":0.1,\"delta\":0.9,\"compression\":\"int8\",\"overlap\":true,"
                + "\"stop\":{\"maxSteps\":2000}}").get("id").asLong();
        JsonNode job = lab.awaitState(id, Duration.ofMinutes(8), "COMPLETED", "FAILED", "CANCELLED");
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
        assertThat(job.at("/spec/compression").asText()).isEqualTo("int8");
        assertThat(job.at("/spec/overlap").asBoolean()).isTrue();

        // exchanges at t = 0, 10, …, 1990 on each rank: 200, the last one awaited before "finished"
        JsonNode ranks = job.at("/result/ranks");
        assertThat(ranks).hasSize(2);
        long exchanges = 0;
        for (JsonNode r : ranks) {
            assertThat(r.get("state").asText()).isEqualTo("FINISHED");
            assertThat(r.get("steps").asLong()).isEqualTo(2000);
            assertThat(r.get("exchanges").asLong()).as("exchanges of rank %s", r.get("rank")).isEqualTo(200);
            assertThat(r.get("duplicates").asLong()).isZero();
            exchanges += r.get("exchanges").asLong();
        }
        // what the agent's frames of one upload take on the wire (data channel): int8 fits one 1 MiB frame,
        // float32 would take two
        long f32PerUpload = wirePerUpload(Compression.NONE);
        long int8PerUpload = wirePerUpload(Compression.INT8);
        assertThat(int8PerUpload).isEqualTo(4 + 48 + N + (N + 31) / 32);
        long bytesUp = job.at("/result/bytesUp").asLong();
        assertThat(bytesUp).isEqualTo(exchanges * int8PerUpload);
        double ratio = (double) exchanges * f32PerUpload / bytesUp;
        double error = job.at("/result/testError").asDouble();
        System.out.printf("EXCHANGE OPTIONS E2E EAMSGD p=2 tau=10 int8 + overlap: test error %.4f; %d exchanges, "
                + "%d bytes up, %.2fx below float32; %d bytes down%n", error, exchanges, bytesUp, ratio,
                job.at("/result/bytesDown").asLong());
        assertThat(ratio).isBetween(3.85, 3.9);
        assertThat(error).as("center test error").isLessThan(0.06);
    }

    @Test
    void overlapForARuleWithoutItIsA400NamingTheField() {
        assertThatThrownBy(() -> lab.post("/api/v1/jobs", "{\"algorithm\":\"MDOWNPOUR\",\"tau\":1,\"overlap\":true}"))
                .hasMessageContaining(": 400 ")
                .hasMessageContaining("\"field\":\"overlap\"")
                .hasMessageContaining("cannot be true for MDOWNPOUR");
        assertThatThrownBy(() -> lab.post("/api/v1/jobs", "{\"algorithm\":\"SYNC_EASGD\",\"overlap\":3}"))
                .hasMessageContaining(": 400 ")
                .hasMessageContaining("\"field\":\"overlap\"")
                .hasMessageContaining("cannot be 3 for SYNC_EASGD");
        for (String bad : new String[] {"0", "-1", "2.5", "\"yes\""}) {
            assertThatThrownBy(() -> lab.post("/api/v1/jobs", "{\"algorithm\":\"EASGD\",\"overlap\":" + bad + "}"))
                    .as(bad)
                    .hasMessageContaining(": 400 ")
                    .hasMessageContaining("\"field\":\"overlap\"")
                    .hasMessageContaining("must be true (k chosen by each worker), false or an integer k >= 1");
        }
    }

    @Test
    void aFixedKIsAcceptedAndReadBackAsTheNumberAutoAsTrue() throws Exception {
        JsonNode fixed = lab.post("/api/v1/jobs/check", "{\"algorithm\":\"EAMSGD\",\"tau\":10,\"overlap\":4}");
        assertThat(fixed.at("/spec/overlap").isInt()).as(fixed.toString()).isTrue();
        assertThat(fixed.at("/spec/overlap").asInt()).isEqualTo(4);
        JsonNode auto = lab.post("/api/v1/jobs/check", "{\"algorithm\":\"EAMSGD\",\"tau\":10,\"overlap\":true}");
        assertThat(auto.at("/spec/overlap").isBoolean()).as(auto.toString()).isTrue();
        assertThat(auto.at("/spec/overlap").asBoolean()).isTrue();
        JsonNode off = lab.post("/api/v1/jobs/check", "{\"algorithm\":\"EAMSGD\",\"overlap\":false}");
        assertThat(off.at("/spec").has("overlap")).as(off.toString()).isFalse();
    }
}
