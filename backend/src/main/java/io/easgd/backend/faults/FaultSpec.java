package io.easgd.backend.faults;

/**
 * One fault to inject: its kind, the rank it hits (agent and link kinds), how long it lasts (kinds that
 * take a duration), the slowed rate ({@link FaultKind#LINK_SLOW}) and when, in milliseconds after the
 * request (or the schedule's start).
 */
public record FaultSpec(FaultKind kind, Integer rank, Long durationMs, String rate, long atMs) {
}
