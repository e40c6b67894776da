package io.easgd.backend.paramserver;

import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * Every thread of the parameter server, named and bounded, in one place:
 * <ul>
 *   <li>{@code easgd-run-N}: the jobs' {@link Lane}s (state changes of each job, in order);</li>
 *   <li>{@code easgd-exchange-N}: applying uploads to the master rule and sending replies — a rank has
 *       at most one upload in flight, and no thread ever waits at a synchronous barrier;</li>
 *   <li>{@code easgd-tick}: the clock that asks lanes, the scheduler and the flusher to look; it only
 *       posts work and never blocks;</li>
 *   <li>{@code easgd-scheduler}: claiming queued jobs (database calls);</li>
 *   <li>{@code easgd-flush}: writing metric points and progress rows;</li>
 *   <li>{@code easgd-eval} (in {@link Evaluator}): evaluation and checkpoints.</li>
 * </ul>
 */
@Component
class Threads {
    static final int POOL = Math.max(2, Runtime.getRuntime().availableProcessors());

    final ExecutorService lanes = fixed("easgd-run", POOL);
    final ExecutorService exchanges = fixed("easgd-exchange", POOL);
    final ScheduledExecutorService tick = Executors.newSingleThreadScheduledExecutor(named("easgd-tick"));
    final ExecutorService scheduler = fixed("easgd-scheduler", 1);
    final ScheduledExecutorService flush = Executors.newSingleThreadScheduledExecutor(named("easgd-flush"));

    /** The exchange threads, as {@link ExchangeService} takes them. */
    @Bean
    ExchangePool exchangePool() {
        return exchanges::execute;
    }

    Lane lane(long jobId) {
        return new Lane("job " + jobId, lanes);
    }

    private static ExecutorService fixed(String name, int threads) {
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                named(name));
    }

    static ThreadFactory named(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @PreDestroy
    void stop() throws InterruptedException {
        tick.shutdownNow();
        scheduler.shutdown();
        flush.shutdown();
        flush.awaitTermination(10, TimeUnit.SECONDS);
        lanes.shutdown();
        lanes.awaitTermination(10, TimeUnit.SECONDS);
        exchanges.shutdownNow();
    }
}
