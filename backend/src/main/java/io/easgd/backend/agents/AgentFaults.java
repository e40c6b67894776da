package io.easgd.backend.agents;

import io.easgd.backend.EasgdProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Protocol faults per agent, and which agents are quarantined for them. One malformed frame is a
 * blip: the connection closes, nothing of the frame was applied, and the agent may resume its rank
 * within the grace period like any reconnect. An agent whose connections broke the protocol
 * {@code easgd.agents.fault-limit} times within {@code easgd.agents.fault-window} is quarantined for
 * that window: its rank is replaced at once, its resume is refused and it is given no work until
 * the window has passed since its last fault. The only owner of its fault record; thread-safe.
 */
@Component
public class AgentFaults {
    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> faults = new ConcurrentHashMap<>();

    public AgentFaults(EasgdProperties props, Clock clock) {
        this.limit = props.agents().faultLimit();
        this.window = props.agents().faultWindow();
        this.clock = clock;
    }

    /** The connection of {@code agentId} broke the protocol now; returns whether the agent is quarantined. */
    public boolean record(String agentId) {
        Instant now = clock.instant();
        Deque<Instant> times = faults.computeIfAbsent(agentId, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(now);
            prune(times, now);
            return times.size() >= limit;
        }
    }

    /** Whether {@code agentId} faulted {@code fault-limit} times within the window before now. */
    public boolean quarantined(String agentId) {
        Deque<Instant> times = faults.get(agentId);
        if (times == null) {
            return false;
        }
        synchronized (times) {
            prune(times, clock.instant());
            return times.size() >= limit;
        }
    }

    /** {@code agents} without the quarantined ones, in their order. */
    public List<AgentSession> usable(List<AgentSession> agents) {
        return agents.stream().filter(a -> !quarantined(a.id())).toList();
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant from = now.minus(window);
        while (!times.isEmpty() && times.peekFirst().isBefore(from)) {
            times.removeFirst();
        }
    }
}
