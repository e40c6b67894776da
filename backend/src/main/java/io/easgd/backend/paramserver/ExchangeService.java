package io.easgd.backend.paramserver;

import io.easgd.backend.agents.AgentRegistry;
import io.easgd.backend.agents.AgentSession;
import io.easgd.backend.agents.DataChannelServer;
import io.easgd.backend.metrics.MetricPoint;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.Protocol;
import io.easgd.core.protocol.ProtocolException;
import io.easgd.core.rules.MasterRule;
import io.easgd.core.rules.NonFiniteUploadException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Exchanges, exactly once per (job, rank, sequence): assembles UP frames (on the connection's
 * thread), decides with the rank's {@link RankExchange} whether a complete upload is new, a
 * duplicate in flight or a re-send of an applied one, hands new ones to the master rule on a
 * bounded pool, and sends each reply to the agent that holds the rank <em>now</em> — so a reply
 * whose request was re-sent on a new connection goes out on that one. Synchronous rules reply
 * when their round completes; no thread waits for it.
 */
@Component
class ExchangeService {
    private static final Logger log = LoggerFactory.getLogger(ExchangeService.class);

    private final Runs runs;
    private final AgentRegistry registry;
    private final ExchangePool pool;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    @Autowired
    ExchangeService(Runs runs, AgentRegistry registry, ExchangePool pool, Clock clock, ApplicationEventPublisher events) {
        this.runs = runs;
        this.registry = registry;
        this.pool = pool;
        this.clock = clock;
        this.events = events;
    }

    /**
     * One UP frame of {@code agent}'s.
     *
     * @throws ProtocolException when the frame is not the agent's to send, malformed or out of sequence
     */
    void onFrame(AgentSession agent, ParamFrame header, ByteBuffer frame, long wireBytes) {
        JobRun run = runs.live(header.jobId()).orElse(null);
        boolean ownRank = Long.valueOf(header.jobId()).equals(agent.jobId())
                && Integer.valueOf(header.rank()).equals(agent.rank());
        if (run == null && (ownRank || Long.valueOf(header.jobId()).equals(agent.releasedFrom()))) {
            log.debug("job {} rank {}: an upload while the run ends or just after; dropped (a stop is on its way)",
                    header.jobId(), header.rank());
            return;
        }
        if (run == null || agent.jobId() == null || agent.jobId() != header.jobId()
                || agent.rank() == null || agent.rank() != header.rank()) {
            throw new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR, "frame for job " + header.jobId() + " rank "
                    + header.rank() + ", but this agent holds " + (agent.jobId() == null ? "no rank"
                    : "job " + agent.jobId() + " rank " + agent.rank()));
        }
        if (header.kind() != ParamFrame.Kind.UP) {
            throw new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR, "agents send UP frames only, got " + header.kind());
        }
        WorkerSlot slot = run.slots[header.rank()];
        if (!slot.holds(agent.id()) || !slot.isTraining()) {
            throw new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR, "rank " + header.rank() + " of job "
                    + header.jobId() + " is not training on this agent");
        }
        RankExchange x = slot.exchange;
        RankExchange.Arrival arrival = x.accept(header, frame, wireBytes);
        if (arrival == null) {
            return;
        }
        switch (arrival.verdict()) {
            // on a data channel's own event loop, a vector of up to 1M floats is applied there: the hop to the
            // pool cost more than the update (docs/benchmarks.md, P2); larger ones and the WebSocket's go to the pool
            case APPLY -> {
                if (DataChannelServer.appliesInline(arrival.upload().length)) {
                    apply(run, slot, arrival);
                } else {
                    pool.execute(() -> apply(run, slot, arrival));
                }
            }
            case RESEND_REPLY -> {
                log.info("job {} rank {}: sequence {} was applied already; its reply is sent again", run.jobId,
                        slot.rank, header.sequence());
                x.sendReply((reply, seq, step) -> send(agent, run, slot, seq, step, reply));
            }
            case DUPLICATE_IN_FLIGHT -> log.info("job {} rank {}: sequence {} is being applied; the re-sent copy is "
                    + "dropped and the reply goes to the current connection", run.jobId, slot.rank, header.sequence());
        }
    }

    private void apply(JobRun run, WorkerSlot slot, RankExchange.Arrival arrival) {
        RankExchange x = slot.exchange;
        long gen = arrival.generation();
        long sequence = arrival.sequence();
        long step = arrival.step();
        try {
            int bad = arrival.firstNonFinite();
            if (bad >= 0) {                               // found while the frames were copied in
                if (run.master.isClosed()) {              // as submit: a closed master refuses first
                    throw new IllegalStateException("the job ended: " + run.master.name() + " master is closed");
                }
                throw new NonFiniteUploadException(slot.rank, bad, arrival.upload()[bad]);
            }
            MasterRule.Reply reply = new MasterRule.Reply() {
                @Override
                public void done(double distance) {
                    replied(run, slot, gen, sequence, step, distance);
                }

                @Override
                public void failed(RuntimeException error) {
                    x.abandon(gen);
                    log.info("job {} rank {}: exchange {} abandoned: {}", run.jobId, slot.rank, sequence,
                            error.getMessage());
                }
            };
            if (run.master.checksUploads()) {                 // the master's own first pass refuses NaN/±Inf
                run.master.submit(slot.rank, arrival.upload(), x.reply(), reply);
            } else {
                run.master.submitFinite(slot.rank, arrival.upload(), x.reply(), reply);
            }
        } catch (NonFiniteUploadException e) {
            x.abandon(gen);
            events.publishEvent(new RunEvents.UploadRejected(run, slot.rank, slot.agentId(), e.getMessage()));
        } catch (IllegalStateException e) {
            x.abandon(gen);                               // the job ended, or the rule refused the arrival
            log.info("job {} rank {}: exchange {} not applied: {}", run.jobId, slot.rank, sequence, e.getMessage());
        } catch (RuntimeException e) {
            x.abandon(gen);
            log.error("job {} rank {}: exchange {} failed in the master rule: {}", run.jobId, slot.rank, sequence,
                    e.toString(), e);
        }
    }

    private void replied(JobRun run, WorkerSlot slot, long gen, long sequence, long step, double distance) {
        RankExchange x = slot.exchange;
        Instant now = clock.instant();
        long staleness = x.applied(gen, run.master.updates(), now);
        if (staleness < 0) {
            return;                                       // the rank was given to another agent meanwhile
        }
        current(run, slot).ifPresent(agent ->
                x.sendReply((reply, seq, st) -> send(agent, run, slot, seq, st, reply)));
        long t = run.millis(now);
        if (Double.isFinite(distance)) {
            run.add(new MetricPoint(run.jobId, "elastic_distance", slot.rank, t, step, distance));
        }
        run.add(new MetricPoint(run.jobId, "staleness", slot.rank, t, step, staleness));
        run.add(new MetricPoint(run.jobId, "bytes_up", slot.rank, t, step, x.bytesUp()));
        run.add(new MetricPoint(run.jobId, "bytes_down", slot.rank, t, step, x.bytesDown()));
        run.add(new MetricPoint(run.jobId, "payload_bytes", slot.rank, t, step, x.payloadBytes()));
    }

    /** The session that holds the slot now, if it is connected. */
    private Optional<AgentSession> current(JobRun run, WorkerSlot slot) {
        return registry.get(slot.agentId()).filter(a -> Long.valueOf(run.jobId).equals(a.jobId())
                && Integer.valueOf(slot.rank).equals(a.rank()));
    }

    private static long send(AgentSession agent, JobRun run, WorkerSlot slot, long sequence, long step, float[] reply) {
        return agent.sendVector(ParamFrame.Kind.DOWN, run.jobId, slot.rank, sequence, step, reply,
                slot.exchange.compression());    // the master rounded it already: encoded exactly
    }
}
