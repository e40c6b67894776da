package io.easgd.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.easgd.core.spec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Protocol 2's cumulative times in {@code progress} ({@code computeMs}, {@code waitMs}): the v2
 * golden files {@code progress-times.json} and {@code progress-auto-times.json}, the checks, and
 * that a message without them is byte for byte the version 1 message.
 */
class ProgressTimesTest {
    private static final String DIR = "io/easgd/core/protocol/v2/";
    private static final ObjectWriter PRETTY = Json.MAPPER.writerWithDefaultPrettyPrinter();

    static final ToServer.Progress TIMES = new ToServer.Progress(12, 0, List.of(
            new ToServer.Point(340, 0.31, 4.2), new ToServer.Point(341, 0.29, null))).withTimes(61234.5, 5812.25);
    static final ToServer.Progress AUTO_TIMES = new ToServer.Progress(12, 0, List.of(
            new ToServer.Point(340, 0.31, 86.4), new ToServer.Point(341, 0.29, null)), 20.0, 86.0, 43)
            .withTimes(6800.0, 2924.0);

    @Test
    void theTimesComeLastAndMatchTheV2GoldenFiles() throws Exception {
        check("progress-times.json", TIMES);
        check("progress-auto-times.json", AUTO_TIMES);
        assertThat(Messages.encode(TIMES)).endsWith(",\"computeMs\":61234.5,\"waitMs\":5812.25}");
        assertThat(Messages.encode(AUTO_TIMES)).endsWith(",\"tau\":43,\"computeMs\":6800.0,\"waitMs\":2924.0}");
    }

    @Test
    void withoutTheTimesTheMessageIsTheVersion1One() {
        ToServer.Progress v1 = new ToServer.Progress(12, 0, TIMES.points());
        assertThat(Messages.encode(v1)).doesNotContain("computeMs").doesNotContain("waitMs");
        assertThat(v1.computeMs()).isNull();
        assertThat(v1.waitMs()).isNull();
        assertThat(Messages.decodeToServer(Messages.encode(v1))).isEqualTo(v1);
    }

    @Test
    void badTimesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> TIMES.withTimes(-1, 0)).hasMessageContaining("computeMs must be >= 0 or absent");
        assertThatThrownBy(() -> TIMES.withTimes(1, Double.NaN)).hasMessageContaining("waitMs must be >= 0 or absent");
        assertThatThrownBy(() -> TIMES.withTimes(Double.POSITIVE_INFINITY, 0)).hasMessageContaining("computeMs");
        String onlyCompute = Messages.encode(TIMES).replace(",\"waitMs\":5812.25", "");
        assertThatThrownBy(() -> Messages.decodeToServer(onlyCompute))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("waitMs must be present exactly when computeMs is");
    }

    private static void check(String name, ToServer.Progress message) throws IOException {
        String json = Messages.encode(message);
        String pretty = PRETTY.writeValueAsString(Json.MAPPER.readTree(json)) + "\n";
        if (Boolean.getBoolean("easgd.golden.write")) {
            Path file = Path.of("src/test/resources", DIR, name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, pretty);
        }
        String golden;
        try (InputStream in = ProgressTimesTest.class.getClassLoader().getResourceAsStream(DIR + name)) {
            assertThat(in).as("golden file %s%s (write it with -Deasgd.golden.write=true)", DIR, name).isNotNull();
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(pretty).as("golden file %s", name).isEqualTo(golden);
        assertThat(Messages.decodeToServer(golden)).isEqualTo(message);
    }
}
