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

    /**
     * True when {@code failure} says the database could not be reached or the connection broke
     * during the call: no connection within the pool's timeout, connection refused or reset, the
     * server shutting down or still starting (SQLState class 08, 57P01–57P03). The same call may
     * well succeed once the server is back, so it is worth retrying; anything else (bad SQL, a
     * constraint, an illegal transition) would fail again. Beware: when the connection broke
     * during the commit, the transaction may have been committed all the same — a retried write
     * must tolerate finding itself already done.
     */
    public static boolean isUnavailable(Throwable failure) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof org.springframework.transaction.CannotCreateTransactionException
                    || t instanceof org.springframework.dao.DataAccessResourceFailureException
                    || t instanceof org.springframework.dao.TransientDataAccessResourceException
                    || t instanceof org.springframework.dao.RecoverableDataAccessException
                    || t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof java.sql.SQLRecoverableException
                    || t instanceof java.net.SocketException
                    || t instanceof java.io.EOFException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        scheduler.dispose();
    }
}
