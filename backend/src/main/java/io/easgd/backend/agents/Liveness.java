package io.easgd.backend.agents;

import io.easgd.backend.EasgdProperties;
import io.easgd.core.protocol.Protocol;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one definition of an agent's liveness: agents send a heartbeat every
 * {@code easgd.agents.heartbeat-interval} (told to them in {@code welcome}); one silent for
 * {@link Protocol#MISSED_HEARTBEATS} intervals is disconnected. Checked on its own thread,
 * {@code easgd-liveness}.
 */
@Component
public class Liveness {
    private static final Logger log = LoggerFactory.getLogger(Liveness.class);

    private final AgentRegistry registry;
    private final Clock clock;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "easgd-liveness");
        t.setDaemon(true);
        return t;
    });

    public Liveness(AgentRegistry registry, Clock clock, EasgdProperties props) {
        this.registry = registry;
        this.clock = clock;
        this.interval = props.agents().heartbeatInterval();
    }

    /** The heartbeat interval agents are told to keep, in whole seconds. */
    public int heartbeatSeconds() {
        return (int) Math.max(1, interval.toSeconds());
    }

    /** How long an agent may stay silent before it is disconnected. */
    public Duration timeout() {
        return Duration.ofSeconds((long) heartbeatSeconds() * Protocol.MISSED_HEARTBEATS);
    }

    @PostConstruct
    void start() {
        timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    void check() {
        Instant now = clock.instant();
        Duration timeout = timeout();
        for (AgentSession a : registry.all()) {
            if (now.isAfter(a.lastHeartbeatAt().plus(timeout))) {
                log.warn("agent {} sent nothing for {}; closing its connection", a.id(), timeout);
                a.close(Protocol.CLOSE_NORMAL, "no heartbeat for " + timeout.toSeconds() + " s");
            }
        }
    }
}
