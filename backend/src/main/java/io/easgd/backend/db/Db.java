package io.easgd.backend.db;

import io.easgd.backend.EasgdProperties;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The one place where blocking JDBC meets the reactive web layer: every database call runs on a
 * bounded scheduler sized like the connection pool, never on a Netty event-loop thread.
 */
@Component
public class Db implements AutoCloseable {
    private final Scheduler scheduler;
    private final TransactionTemplate tx;

    public Db(EasgdProperties props, PlatformTransactionManager txManager) {
        this.scheduler = Schedulers.newBoundedElastic(props.jdbcThreads(), 10_000, "jdbc");
        this.tx = new TransactionTemplate(txManager);
    }

    /** Runs a blocking call off the event loop. */
    public <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(scheduler);
    }

    /** Runs a blocking call in one transaction, off the event loop. */
    public <T> Mono<T> inTransaction(Callable<T> work) {
        return Mono.fromCallable(() -> tx.execute(status -> {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).subscribeOn(scheduler);
    }

    /** Runs a blocking call returning many rows off the event loop. */
    public <T> Flux<T> many(Callable<? extends Iterable<T>> work) {
        return call(work).flatMapIterable(rows -> rows);
    }

    /** A transaction template for code already off the event loop (schedulers, agent handlers). */
    public TransactionTemplate tx() {
        return tx;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        scheduler.dispose();
    }
}
