package io.easgd.backend.paramserver;

import io.easgd.backend.db.Db;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes that must not be lost when PostgreSQL is briefly away (a job's transition, its rank
 * results, a worker event) are retried on the calling thread — the job's lane, so the job's later
 * changes wait behind them in order — with backoff from 0.5 s to 10 s, for up to
 * {@link #GIVE_UP_AFTER}. Only failures to reach the database are retried; any other error (an
 * illegal transition, a constraint) is thrown at once.
 */
final class DbRetry {
    private static final Logger log = LoggerFactory.getLogger(DbRetry.class);
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);
    private static final long FIRST_WAIT_MS = 500;
    private static final long MAX_WAIT_MS = 10_000;

    private DbRetry() {
    }

    static void run(String what, Runnable write) {
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        long wait = FIRST_WAIT_MS;
        int attempt = 1;
        while (true) {
            try {
                write.run();
                if (attempt > 1) {
                    log.info("{}: written after {} attempts", what, attempt);
                }
                return;
            } catch (RuntimeException e) {
                if (!Db.isUnavailable(e) || System.nanoTime() + wait * 1_000_000 > deadline) {
                    throw e;
                }
                log.warn("{}: the database is unreachable ({}); trying again in {} ms", what, e.getMessage(), wait);
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                wait = Math.min(MAX_WAIT_MS, wait * 2);
                attempt++;
            }
        }
    }
}
