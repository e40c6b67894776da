package io.easgd.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.easgd.core.spec.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class MessagesTest {
    private static final ObjectWriter PRETTY = Json.MAPPER.writerWithDefaultPrettyPrinter();

    private static String pretty(String json) throws JsonProcessingException {
        return PRETTY.writeValueAsString(Json.MAPPER.readTree(json)) + "\n";
    }

    @Test
    void everyAgentMessageMatchesItsGoldenFileAndDecodesBackToItself() throws Exception {
        for (Map.Entry<String, ToServer> e : Samples.toServer().entrySet()) {
            String json = Messages.encode(e.getValue());
            Golden.check(e.getKey() + ".json", pretty(json));
            assertThat(Messages.decodeToServer(json)).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(Messages.decodeToServer(Golden.read(e.getKey() + ".json"))).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void everyServerMessageMatchesItsGoldenFileAndDecodesBackToItself() throws Exception {
        for (Map.Entry<String, ToAgent> e : Samples.toAgent().entrySet()) {
            String json = Messages.encode(e.getValue());
            Golden.check(e.getKey() + ".json", pretty(json));
            assertThat(Messages.decodeToAgent(json)).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(Messages.decodeToAgent(Golden.read(e.getKey() + ".json"))).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void theSamplesCoverEveryMessageRecord() {
        Set<Class<?>> sampled = Stream.concat(Samples.toServer().values().stream(), Samples.toAgent().values().stream())
                .map(Object::getClass).collect(Collectors.toSet());
        Set<Class<?>> all = Stream.concat(Stream.of(ToServer.class.getPermittedSubclasses()),
                Stream.of(ToAgent.class.getPermittedSubclasses())).collect(Collectors.toSet());
        assertThat(sampled).isEqualTo(all);
    }

    @Test
    void theTypeIsAShortNameFirstAndHelloOmitsAnAbsentResume() {
        String json = Messages.encode(Samples.toServer().get("hello"));
        assertThat(json).startsWith("{\"type\":\"hello\",\"protocol\":1,");
        assertThat(json).doesNotContain("resume").doesNotContain("io.easgd");
        assertThat(json).contains("\"gpuName\":null");
    }

    @Test
    void unknownTypesAndClassNamesAreRefusedWith1008() {
        assertRefused(() -> Messages.decodeToServer("{\"type\":\"shutdown\"}"), 1008, "unknown message type \"shutdown\"");
        assertRefused(() -> Messages.decodeToServer("{\"type\":\"io.easgd.core.protocol.ToServer$Leaving\",\"reason\":\"x\"}"),
                1008, "unknown message type");
        assertRefused(() -> Messages.decodeToServer("{\"type\":\"Leaving\",\"reason\":\"x\"}"), 1008, "unknown message type");
        // a message of the other direction is unknown here
        assertRefused(() -> Messages.decodeToServer("{\"type\":\"stop\",\"jobId\":1,\"reason\":\"x\"}"), 1008,
                "unknown message type \"stop\"");
        assertRefused(() -> Messages.decodeToAgent("{\"type\":\"leaving\",\"reason\":\"x\"}"), 1008,
                "unknown message type \"leaving\"");
    }

    @Test
    void malformedMessagesAreRefusedWith1008NamingTheFault() {
        assertRefused(() -> Messages.decodeToServer("{\"reason\":\"x\"}"), 1008, "needs a string \"type\"");
        assertRefused(() -> Messages.decodeToServer("[1,2]"), 1008, "JSON object");
        assertRefused(() -> Messages.decodeToServer("{\"type\":\"leaving\""), 1008, "not JSON");
        assertRefused(() -> Messages.decodeToServer("{\"type\":\"leaving\",\"reason\":\"x\"} {}"), 1008, "not JSON");
        assertRefused(() -> Messages.decodeToServer(null), 1008, "empty");
        assertRefused(() -> Messages.decodeToServer("{\"type\":\"ready\",\"jobId\":12}"), 1008, "rank");
        assertRefused(() -> Messages.decodeToServer("{\"type\":\"ready\",\"jobId\":12,\"rank\":-1}"), 1008,
                "rank must be >= 0, found -1");
        assertRefused(() -> Messages.decodeToServer("{\"type\":\"ready\",\"jobId\":12,\"rank\":0,\"extra\":1}"), 1008,
                "extra");
        assertRefused(() -> Messages.decodeToServer("{\"type\":\"heartbeat\",\"seq\":\"many\"}"), 1008, "seq");
        assertRefused(() -> Messages.decodeToServer("{\"type\":\"ready\",\"jobId\":12,\"rank\":1.5}"), 1008, "rank");
        assertRefused(() -> Messages.decodeToServer(
                "{\"type\":\"progress\",\"jobId\":1,\"rank\":0,\"points\":[{\"step\":1,\"loss\":\"NaN\",\"latencyMs\":null}]}"),
                1008, "loss must be finite");
        assertRefused(() -> Messages.decodeToAgent(Golden.read("assign.json").replace("\"/api/v1/datasets/mnist-10k/files/t10k",
                "\"/../../etc/t10k")), 1008, "path");
        assertRefused(() -> Messages.decodeToAgent(Golden.read("assign.json").replace("\"t10k-labels-idx1-ubyte\",",
                "\"../t10k-labels-idx1-ubyte\",")), 1008, "name");
        assertRefused(() -> Messages.decodeToAgent(Golden.read("assign.json").replace("\"tau\" : 10", "\"tau\" : 0")),
                1008, "tau must be >= 1, found 0");
    }

    @Test
    void aHelloOrWelcomeOfAnotherVersionIsRefusedWith4002() {
        String hello = Messages.encode(Samples.toServer().get("hello")).replace("\"protocol\":1", "\"protocol\":3");
        assertRefused(() -> Messages.decodeToServer(hello), 4002, "unsupported protocol version 3");
        String welcome = Messages.encode(Samples.toAgent().get("welcome")).replace("\"protocol\":1", "\"protocol\":7");
        assertRefused(() -> Messages.decodeToAgent(welcome), 4002, "unsupported protocol version 7");
    }

    @Test
    void aMessageOverTheLimitIsRefusedWith1009AndCannotBeEncoded() throws Exception {
        ObjectNode big = Json.MAPPER.createObjectNode().put("type", "leaving").put("reason", "é".repeat(Protocol.MAX_TEXT_BYTES / 2));
        assertRefused(() -> Messages.decodeToServer(Json.MAPPER.writeValueAsString(big)), 1009, "exceeds " + Protocol.MAX_TEXT_BYTES);

        String hugeModel = "é".repeat(io.easgd.core.spec.Text.MODEL_JSON_MAX);    // the longest allowed, 2 bytes each
        assertThatThrownBy(() -> Messages.encode(new ToAgent.Assign(1, 0,
                io.easgd.core.spec.JobSpec.parse("{\"model\":\"custom\",\"modelJson\":\"" + hugeModel + "\"}"), 1, 10, 0,
                ((ToAgent.Assign) Samples.toAgent().get("assign")).dataset())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("assign message of").hasMessageContaining("exceeds the protocol's limit");
    }

    @Test
    void recordsRefuseValuesTheProtocolForbids() {
        assertThatThrownBy(() -> new ToServer.Progress(1, 0, List.of())).hasMessageContaining("points must hold 1 to 500");
        List<ToServer.Point> many = new ArrayList<>();
        for (int i = 1; i <= Protocol.MAX_PROGRESS_POINTS + 1; i++) {
            many.add(new ToServer.Point(i, 1.0, null));
        }
        assertThatThrownBy(() -> new ToServer.Progress(1, 0, many)).hasMessageContaining("501 points");
        assertThatThrownBy(() -> new ToServer.Point(3, Double.NaN, null)).hasMessageContaining("loss must be finite");
        assertThatThrownBy(() -> new ToAgent.Welcome(1, "a", 5, 10, false)).hasMessageContaining("maxFrameBytes");
        assertThatThrownBy(() -> new ToAgent.Assign(1, 2, Samples.SPEC, 1, 10, 0,
                ((ToAgent.Assign) Samples.toAgent().get("assign")).dataset())).hasMessageContaining("rank must be in [0, 2)");
        // the largest progress message stays far below the limit
        List<ToServer.Point> full = new ArrayList<>();
        for (int i = 0; i < Protocol.MAX_PROGRESS_POINTS; i++) {
            full.add(new ToServer.Point(Long.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE));
        }
        assertThat(Messages.encode(new ToServer.Progress(Long.MAX_VALUE, Integer.MAX_VALUE, full)).length())
                .isLessThan(Protocol.MAX_TEXT_BYTES);
    }

    @Test
    void closeReasonsFitAWebSocketCloseFrame() {
        ProtocolException e = new ProtocolException(1008, "ü".repeat(200));
        assertThat(e.closeReason().getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(123);
        assertThat(e.closeReason()).isEqualTo("ü".repeat(61));
        assertThat(new ProtocolException(1002, "short").closeReason()).isEqualTo("short");
    }

    private static void assertRefused(ThrowingCallable call, int code, String reasonPart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.closeCode()).as("close code of: %s", e.getMessage()).isEqualTo(code);
            assertThat(e.reason()).contains(reasonPart);
        });
    }
}
