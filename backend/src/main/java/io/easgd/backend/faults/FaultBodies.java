package io.easgd.backend.faults;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The bodies of the fault lab's POSTs as the OpenAPI document describes them (the server reads them itself,
 * {@link FaultRequests}, a 400 naming each bad or unknown field).
 */
final class FaultBodies {
    private FaultBodies() {
    }

    @Schema(name = "FaultRequest", description = "One fault for a running job, now or after delayMs")
    record One(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "1") long jobId,
               @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "AGENT_PAUSE") FaultKind kind,
               @Schema(description = "the rank whose agent or link it hits (agent and link kinds; default 0)") Integer rank,
               @Schema(description = "how long it lasts, ms in [100, 600000]: AGENT_PAUSE, LINK_CUT, LINK_SLOW",
                       example = "3000") Long durationMs,
               @Schema(description = "LINK_SLOW: the rate, kbit, mbit or gbit", example = "1mbit") String rate,
               @Schema(description = "ms from now, default 0") Long delayMs) {
    }

    @Schema(name = "FaultScheduleRequest", description = "A schedule for a running job: faults (a list) or random (a plan)")
    record Schedule(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "1") long jobId,
                    @Schema(description = "at most 1000 faults, each with atMs from the schedule's start")
                    List<Item> faults,
                    Random random) {
    }

    @Schema(name = "FaultScheduleItem")
    record Item(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) FaultKind kind, Integer rank, Long durationMs,
                String rate, @Schema(description = "ms from the schedule's start, at most 24 h") Long atMs) {
    }

    @Schema(name = "FaultRandomPlan", description = "A seeded random plan: exponential gaps after each fault's end")
    record Random(@Schema(description = "default 1") Long seed,
                  @Schema(description = "faults, in [1, 1000]; default 20") Integer count,
                  @Schema(description = "mean gap in ms, >= 500; default 5000") Long meanIntervalMs,
                  @Schema(description = "kinds drawn uniformly (a kind named twice is drawn twice as often); default all")
                  List<FaultKind> kinds,
                  @Schema(description = "default 1000") Long minDurationMs,
                  @Schema(description = "default 5000") Long maxDurationMs,
                  @Schema(description = "LINK_SLOW's rate; default 1mbit") String slowRate) {
    }
}
