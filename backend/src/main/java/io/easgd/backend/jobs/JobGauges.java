package io.easgd.backend.jobs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Prometheus gauges {@code easgd_jobs{state=…}} and {@code easgd_queue_depth}, refreshed every 5 s. */
@Component
class JobGauges {
    private static final Logger log = LoggerFactory.getLogger(JobGauges.class);
    private final JobRepository jobs;
    private final Map<JobState, AtomicLong> byState = new EnumMap<>(JobState.class);

    JobGauges(JobRepository jobs, MeterRegistry registry) {
        this.jobs = jobs;
        for (JobState s : JobState.values()) {
            AtomicLong value = new AtomicLong();
            byState.put(s, value);
            Gauge.builder("easgd.jobs", value, AtomicLong::get).tag("state", s.name())
                    .description("Jobs in each state").register(registry);
        }
        Gauge.builder("easgd.queue.depth", byState.get(JobState.QUEUED), AtomicLong::get)
                .description("Jobs waiting in the queue").register(registry);
    }

    @Scheduled(fixedDelayString = "5s", initialDelayString = "1s")
    void refresh() {
        try {
            jobs.countByState().forEach((s, n) -> byState.get(s).set(n));
        } catch (RuntimeException e) {
            log.warn("counting jobs by state: {}", e.getMessage());
        }
    }
}
