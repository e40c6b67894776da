package io.easgd.backend.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.easgd.backend.EasgdProperties;
import io.easgd.backend.db.Db;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Everything a job's SSE stream carries (state changes, metric points, worker updates) is first
 * appended to the {@code job_stream} table; the row id is the SSE event id. A subscriber reads the
 * rows after its cursor whenever this replica signals a commit (or a poll interval passes, for rows
 * written by other replicas), so a reconnect with {@code Last-Event-ID} resumes with no gap and no
 * duplicate.
 */
@Component
public class JobStream {
    private final JdbcTemplate jdbc;
    private final Db db;
    private final ObjectMapper json;
    private final EasgdProperties.Events settings;
    private final Map<Long, Sinks.Many<Long>> signals = new ConcurrentHashMap<>();
    private final Sinks.Many<Long> jobChanges = Sinks.many().multicast().directBestEffort();
    private final Sinks.Empty<Void> closing = Sinks.empty();

    public JobStream(JdbcTemplate jdbc, Db db, ObjectMapper json, EasgdProperties props) {
        this.jdbc = jdbc;
        this.db = db;
        this.json = json;
        this.settings = props.events();
    }

    /**
     * Serialises writers of one job's stream until their transaction ends, so that ids are
     * committed in id order and a reader's cursor can never pass an id that commits later.
     * Callers that also lock the job's row take this lock first.
     */
    public void lock(long jobId) {
        jdbc.queryForObject("select pg_advisory_xact_lock(?)", Object.class, jobId);
    }

    /**
     * {@link #lock} if no other transaction holds it now; false (and nothing held) otherwise. For a caller
     * that had to lock the job's row first (a queue claim picks its row with {@code FOR UPDATE SKIP LOCKED}):
     * waiting there could deadlock with a writer that holds this lock and waits for the row.
     */
    public boolean tryLock(long jobId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, jobId));
    }

    /** Appends one event to a job's stream; subscribers hear of it once the transaction commits. */
    public long append(long jobId, String event, Object data) {
        lock(jobId);
        String payload;
        try {
            payload = json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("serialising a " + event + " event of job " + jobId, e);
        }
        Long id = jdbc.queryForObject("insert into job_stream (job_id, event, data) values (?, ?, ?::jsonb) returning id",
                Long.class, jobId, event, payload);
        afterCommit(() -> signal(jobId, "state".equals(event)));
        return id;
    }

    /** Appends many events of one kind in one batch (metric points). */
    public void appendAll(long jobId, String event, List<?> data) {
        if (data.isEmpty()) {
            return;
        }
        List<Object[]> rows = data.stream().map(d -> {
            try {
                return new Object[] {jobId, event, json.writeValueAsString(d)};
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("serialising a " + event + " event of job " + jobId, e);
            }
        }).toList();
        lock(jobId);
        jdbc.batchUpdate("insert into job_stream (job_id, event, data) values (?, ?, ?::jsonb)", rows);
        afterCommit(() -> signal(jobId, false));
    }

    /** Tells this replica's subscribers that a job changed without a stream row (e.g. progress). */
    public void jobChanged(long jobId) {
        emit(jobChanges, jobId);
    }

    /** Ids of jobs whose state changed, live, for the job list stream. */
    public Flux<Long> jobChanges() {
        return jobChanges.asFlux();
    }

    /** The job's events after {@code lastEventId}, then live ones, as SSE. */
    public Flux<ServerSentEvent<String>> events(long jobId, long lastEventId) {
        Flux<ServerSentEvent<String>> rows = Flux.defer(() -> {
            AtomicLong cursor = new AtomicLong(lastEventId);
            Flux<Long> wakeUps = Flux.merge(
                    Flux.just(0L),
                    sink(jobId).asFlux().onBackpressureLatest(),
                    Flux.interval(settings.pollInterval()).onBackpressureDrop());
            return wakeUps.concatMap(w -> db.many(() -> readAfter(jobId, cursor.get()))
                    .doOnNext(row -> cursor.set(row.id())), 1)
                    .map(row -> ServerSentEvent.<String>builder(row.data())
                            .id(Long.toString(row.id())).event(row.event()).build());
        });
        Flux<ServerSentEvent<String>> keepAlive = Flux.interval(settings.keepAlive())
                .map(i -> ServerSentEvent.<String>builder().comment("keep-alive").build());
        return untilShutdown(Flux.merge(rows, keepAlive));
    }

    /** Ends a live stream when the backend shuts down, so that graceful shutdown need not wait for it. */
    public <T> Flux<T> untilShutdown(Flux<T> live) {
        return live.takeUntilOther(closing.asMono());
    }

    @org.springframework.context.event.EventListener(org.springframework.context.event.ContextClosedEvent.class)
    void onClosing() {
        closing.tryEmitEmpty();
    }

    private List<Row> readAfter(long jobId, long after) {
        return jdbc.query("select id, event, data::text as data from job_stream where job_id = ? and id > ? "
                        + "order by id limit 5000",
                (rs, n) -> new Row(rs.getLong("id"), rs.getString("event"), rs.getString("data")), jobId, after);
    }

    private Sinks.Many<Long> sink(long jobId) {
        return signals.computeIfAbsent(jobId, id -> Sinks.many().multicast().directBestEffort());
    }

    private void signal(long jobId, boolean jobChanged) {
        emit(sink(jobId), jobId);
        if (jobChanged) {
            emit(jobChanges, jobId);
        }
    }

    /**
     * Emits from any thread. A Reactor sink refuses an emission that overlaps another one
     * ({@code FAIL_NON_SERIALIZED}) and the signal would be lost for every subscriber — a job's final
     * state among them — so emissions into one sink are serialised here.
     */
    private static void emit(Sinks.Many<Long> sink, long jobId) {
        synchronized (sink) {
            sink.tryEmitNext(jobId);
        }
    }

    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }

    private record Row(long id, String event, String data) {
    }
}
