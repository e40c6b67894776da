package io.easgd.backend.stability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.easgd.backend.BackendIT;
import io.easgd.core.rules.RoundRobinMaps;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** {@code GET /api/v1/stability} against the running backend: its numbers, defaults, limits and 400s. */
class StabilityApiIT extends BackendIT {

    private JsonNode get(String query) {
        return web.get().uri("/api/v1/stability" + query).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode problem(String query) {
        JsonNode p = web.get().uri("/api/v1/stability" + query).exchange()
                .expectStatus().isEqualTo(HttpStatus.BAD_REQUEST)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(p.toString()).doesNotContain("Exception").doesNotContain("at io.");
        return p;
    }

    @Test
    void defaultsAreThePapersRangesForThreeWorkers() {
        JsonNode b = get("");
        assertThat(b.get("p").asInt()).isEqualTo(3);
        assertThat(b.at("/easgd/eta/max").asDouble()).isEqualTo(2.0);
        assertThat(b.at("/easgd/alpha/max").asDouble()).isEqualTo(1.0);
        assertThat(b.at("/admm/eta/max").asDouble()).isEqualTo(0.01);
        assertThat(b.at("/admm/rho/max").asDouble()).isEqualTo(10.0);
        assertThat(b.at("/admm/radius").size()).isEqualTo(40);
        assertThat(b.at("/admm/radius/0").size()).isEqualTo(40);
        assertThat(b.at("/admm/eta/values/0").asDouble()).isCloseTo(0.000125, within(1e-15));
        // cell (η_i, ρ_j) = (0.000125 + 0.00025 i, 0.125 + 0.25 j): the value is the core map's
        assertThat(b.at("/admm/radius/3/9").asDouble())
                .isCloseTo(RoundRobinMaps.admmRadius(3, 0.000875, 2.375), within(1e-12));
        int only = b.at("/admm/admmOnlyCells").asInt();
        assertThat(only).isPositive().isEqualTo(b.at("/admm/divergingCells").asInt());
        assertThat(b.at("/easgd/divergingCells").asInt()).isPositive();
        // what the browser test checks on the Stability page: at p = 2 ADMM converges on the whole default grid
        JsonNode two = get("?workers=2");
        assertThat(two.at("/admm/divergingCells").asInt()).isZero();
        assertThat(two.at("/admm/admmOnlyCells").asInt()).isZero();
    }

    @Test
    void thePapersAdmmExampleDivergesAtThreeWorkersAndNotAtTwo() {
        // cells 2: η centres 0.001, 0.002 over (0.0005, 0.0025); ρ centres 2.5, 7.5 over (0, 10)
        String q = "&cells=2&admmEtaMin=0.0005&admmEtaMax=0.0025&rhoMin=0&rhoMax=10";
        JsonNode three = get("?workers=3" + q);
        assertThat(three.at("/admm/eta/values/0").asDouble()).isCloseTo(0.001, within(1e-15));
        assertThat(three.at("/admm/radius/0/0").asDouble()).isCloseTo(1.0009723729550164, within(1e-9));
        assertThat(three.at("/admm/admmOnly/0/0").asBoolean()).isTrue();
        assertThat(three.at("/admm/easgdRadius/0/0").asDouble()).isLessThan(1);
        // the example of docs/api.md (numpy/LAPACK on the same cycles)
        assertThat(three.at("/admm/radius/1/0").asDouble()).isCloseTo(1.000088, within(1e-6));
        assertThat(three.at("/admm/radius/1/1").asDouble()).isCloseTo(0.997990, within(1e-6));
        assertThat(three.at("/admm/divergingCells").asInt()).isEqualTo(2);
        assertThat(three.at("/admm/admmOnlyCells").asInt()).isEqualTo(2);
        assertThat(three.at("/easgd/radius/1/1").asDouble()).isCloseTo(1.643337, within(1e-6));
        assertThat(three.at("/easgd/divergingCells").asInt()).isEqualTo(1);
        JsonNode two = get("?workers=2" + q);
        assertThat(two.at("/admm/radius/0/0").asDouble()).isCloseTo(0.9989993749228054, within(1e-9));
        assertThat(two.at("/admm/admmOnly/0/0").asBoolean()).isFalse();
    }

    @Test
    void theLargestRequestIsAnsweredInSeconds() {
        long t0 = System.nanoTime();
        JsonNode b = web.mutate().responseTimeout(Duration.ofMinutes(2))
                .codecs(c -> c.defaultCodecs().maxInMemorySize(16 << 20)).build().get()
                .uri("/api/v1/stability?workers=16&cells=100").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("GET /api/v1/stability?workers=16&cells=100: %.2f s%n", seconds);
        assertThat(b.at("/admm/radius").size()).isEqualTo(100);
    }

    @Test
    void badParametersAre400sNamingTheParameter() {
        assertThat(problem("?workers=0").at("/errors/0/field").asText()).isEqualTo("workers");
        assertThat(problem("?workers=17").at("/errors/0/message").asText()).isEqualTo("must be in [1, 16], found 17");
        assertThat(problem("?cells=101").at("/errors/0/field").asText()).isEqualTo("cells");
        assertThat(problem("?rhoMax=abc").at("/errors/0/message").asText()).isEqualTo("must be a number, found abc");
        JsonNode order = problem("?rhoMin=5&rhoMax=2");
        assertThat(order.at("/errors/0/field").asText()).isEqualTo("rhoMax");
        assertThat(order.at("/errors/0/message").asText()).isEqualTo("must be > rhoMin (5.0), found 2.0");
        assertThat(problem("?alphaMax=NaN").at("/errors/0/field").asText()).isEqualTo("alphaMax");
        assertThat(problem("?easgdEtaMax=-1").at("/errors/0/message").asText()).isEqualTo("must be in [0, 4], found -1");
    }
}
