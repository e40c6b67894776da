package io.easgd.core.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * A control message from an agent to the server: a JSON text frame whose {@code type} names the
 * record from the fixed list below (never a class name). Encode and decode with {@link Messages}.
 * Numeric fields are required on the wire; a record refuses a bad value with the field's name.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ToServer.Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = ToServer.Heartbeat.class, name = "heartbeat"),
    @JsonSubTypes.Type(value = ToServer.Ready.class, name = "ready"),
    @JsonSubTypes.Type(value = ToServer.Progress.class, name = "progress"),
    @JsonSubTypes.Type(value = ToServer.Finished.class, name = "finished"),
    @JsonSubTypes.Type(value = ToServer.Failed.class, name = "failed"),
    @JsonSubTypes.Type(value = ToServer.Leaving.class, name = "leaving"),
    @JsonSubTypes.Type(value = ToServer.SimStarted.class, name = "simStarted"),
    @JsonSubTypes.Type(value = ToServer.SimProgress.class, name = "simProgress"),
    @JsonSubTypes.Type(value = ToServer.SimEnded.class, name = "simEnded")
})
public sealed interface ToServer {

    /**
     * The agent's first message on every connection. {@code agentId} is the id the agent kept from
     * an earlier {@code welcome} (null on its very first contact: the server picks one);
     * {@code resume} is set only when the agent reconnects in the middle of a job.
     */
    record Hello(
            @JsonProperty(required = true) int protocol,
            String token,
            String agentId,
            String name,
            Capabilities capabilities,
            @JsonInclude(JsonInclude.Include.NON_NULL) Resume resume) implements ToServer {
        public Hello {
            Check.present(token, "token");
            if (agentId != null) {
                Check.that(Check.AGENT_ID.matcher(agentId).matches(), "agentId",
                        "must be 1-64 letters, digits, '.', '_', '-'", "\"" + agentId + "\"");
            }
            name = Check.cut(Check.text(name, "name"), 128);
            Check.present(capabilities, "capabilities");
        }

        /** A hello of protocol version 1. */
        public static Hello of(String token, String agentId, String name, Capabilities capabilities, Resume resume) {
            return new Hello(Protocol.VERSION, token, agentId, name, capabilities, resume);
        }

        /** A hello of protocol version {@code protocol} (1 or 2). */
        public static Hello of(int protocol, String token, String agentId, String name, Capabilities capabilities,
                               Resume resume) {
            return new Hello(protocol, token, agentId, name, capabilities, resume);
        }
    }

    /** What the agent's machine offers; GPU fields are null on the CPU backend. */
    record Capabilities(
            @JsonProperty(required = true) int cores,
            @JsonProperty(required = true) long memoryBytes,
            Backend backend,
            String gpuName,
            Long gpuMemoryBytes) {
        public Capabilities {
            Check.that(cores >= 1, "capabilities.cores", "must be >= 1", cores);
            Check.that(memoryBytes >= 0, "capabilities.memoryBytes", "must be >= 0", memoryBytes);
            Check.present(backend, "capabilities.backend");
            gpuName = gpuName == null ? null : Check.cut(gpuName, 128);
            Check.that(gpuMemoryBytes == null || gpuMemoryBytes >= 0, "capabilities.gpuMemoryBytes",
                    "must be >= 0 or null", gpuMemoryBytes);
        }
    }

    /** The ND4J backend an agent computes on. */
    enum Backend { CPU, CUDA }

    /**
     * Where a reconnecting agent stands in its job: local step t_i and the sequence of its last
     * exchange (the one in flight, if its reply was lost).
     */
    record Resume(
            @JsonProperty(required = true) long jobId,
            @JsonProperty(required = true) int rank,
            @JsonProperty(required = true) long step,
            @JsonProperty(required = true) long sequence) {
        public Resume {
            Check.that(rank >= 0, "resume.rank", "must be >= 0", rank);
            Check.that(step >= 0, "resume.step", "must be >= 0", step);
            Check.that(sequence >= 0, "resume.sequence", "must be >= 0", sequence);
        }
    }

    /** Sent every {@code heartbeatSeconds}; {@code seq} counts heartbeats on this connection from 1. */
    record Heartbeat(@JsonProperty(required = true) long seq) implements ToServer {
        public Heartbeat {
            Check.that(seq >= 0, "seq", "must be >= 0", seq);
        }
    }

    /** The agent has the dataset and the network of its assignment: send it the CENTER vector. */
    record Ready(@JsonProperty(required = true) long jobId, @JsonProperty(required = true) int rank)
            implements ToServer {
        public Ready {
            Check.that(rank >= 0, "rank", "must be >= 0", rank);
        }
    }

    /**
     * Training loss of each local step since the last progress message, oldest first, at most
     * {@link Protocol#MAX_PROGRESS_POINTS} of them. In an auto-τ job ({@code "tau": "auto"}) also the
     * worker's smoothed timings, each absent until measured: {@code stepMs} compute milliseconds per
     * local step (the exchange excluded), {@code exchangeMs} wire milliseconds per exchange (upload
     * sent → whole reply in), and {@code tau}, the period it runs with now. Absent in other jobs.
     *
     * <p>Protocol 2 ({@link #TIMES_SINCE_PROTOCOL}), every job: {@code computeMs}, the sum of the
     * compute time of the worker's local steps since it started the job (its exchanges excluded),
     * and {@code waitMs}, the sum of the time its training thread spent on exchanges (the blocking
     * round trip; with overlap the time it actually waited). Cumulative, so that the share over any
     * window is exact from two messages and a lost message loses nothing; both absent until the
     * first step, both present after it. An agent sends them only to a server that welcomed it with
     * {@code protocol} ≥ 2 (a version 1 server refuses unknown fields).
     *
     * <p>In a job with {@code "overlap"} on also {@code overlapK}: the k the worker's exchanges run
     * behind now (chosen by the worker for {@code "overlap": true}, the spec's for a number); absent
     * in other jobs. Sent, like the times, only to a server of protocol ≥ 2
     * (a version 1 server refuses unknown fields).
     */
    record Progress(
            @JsonProperty(required = true) long jobId,
            @JsonProperty(required = true) int rank,
            List<Point> points,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double stepMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double exchangeMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer tau,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer overlapK,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double computeMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double waitMs) implements ToServer {
        /** The first protocol version whose progress may carry {@code computeMs}, {@code waitMs} and {@code overlapK}. */
        public static final int TIMES_SINCE_PROTOCOL = 2;

        public Progress {
            Check.that(rank >= 0, "rank", "must be >= 0", rank);
            points = List.copyOf(Check.present(points, "points"));
            Check.that(!points.isEmpty() && points.size() <= Protocol.MAX_PROGRESS_POINTS, "points",
                    "must hold 1 to " + Protocol.MAX_PROGRESS_POINTS + " points", points.size() + " points");
            Check.that(stepMs == null || (Double.isFinite(stepMs) && stepMs > 0), "stepMs", "must be > 0 or absent",
                    stepMs);
            Check.that(exchangeMs == null || (Double.isFinite(exchangeMs) && exchangeMs >= 0), "exchangeMs",
                    "must be >= 0 or absent", exchangeMs);
            Check.that(tau == null || tau >= 1, "tau", "must be >= 1 or absent", tau);
            Check.that(overlapK == null || overlapK >= 1, "overlapK", "must be >= 1 or absent", overlapK);
            Check.that(computeMs == null || (Double.isFinite(computeMs) && computeMs >= 0), "computeMs",
                    "must be >= 0 or absent", computeMs);
            Check.that(waitMs == null || (Double.isFinite(waitMs) && waitMs >= 0), "waitMs", "must be >= 0 or absent",
                    waitMs);
            Check.that((computeMs == null) == (waitMs == null), "waitMs", "must be present exactly when computeMs is",
                    waitMs == null ? "absent" : waitMs);
        }

        /** Points only (a job with a fixed τ). */
        public Progress(long jobId, int rank, List<Point> points) {
            this(jobId, rank, points, null, null, null, null, null, null);
        }

        /** Points and the auto-τ timings (protocol 1: no overlap k, no cumulative times). */
        public Progress(long jobId, int rank, List<Point> points, Double stepMs, Double exchangeMs, Integer tau) {
            this(jobId, rank, points, stepMs, exchangeMs, tau, null, null, null);
        }

        /** Points, the auto-τ timings and the overlap k, without the cumulative times. */
        public Progress(long jobId, int rank, List<Point> points, Double stepMs, Double exchangeMs, Integer tau,
                        Integer overlapK) {
            this(jobId, rank, points, stepMs, exchangeMs, tau, overlapK, null, null);
        }

        /** The same message with the cumulative times: protocol 2 only. */
        public Progress withTimes(double computeMs, double waitMs) {
            return new Progress(jobId, rank, points, stepMs, exchangeMs, tau, overlapK, computeMs, waitMs);
        }

        /** The same message without what a protocol 1 server cannot read ({@code overlapK} and the times). */
        public Progress forProtocol1() {
            return new Progress(jobId, rank, points, stepMs, exchangeMs, tau);
        }
    }

    /**
     * One local step: {@code step} is t_i after it (1 for the first step), {@code loss} its
     * minibatch training loss, {@code latencyMs} the round trip of the exchange made in that step
     * or null when the step made none.
     */
    record Point(
            @JsonProperty(required = true) long step,
            @JsonProperty(required = true) double loss,
            Double latencyMs) {
        public Point {
            Check.that(step >= 1, "points.step", "must be >= 1", step);
            Check.that(Double.isFinite(loss), "points.loss", "must be finite (a non-finite loss is a failed message)",
                    loss);
            Check.that(latencyMs == null || (Double.isFinite(latencyMs) && latencyMs >= 0), "points.latencyMs",
                    "must be >= 0 or null", latencyMs);
        }
    }

    /** The agent reached the job's {@code stop.maxSteps}; {@code steps} is its final t_i. */
    record Finished(
            @JsonProperty(required = true) long jobId,
            @JsonProperty(required = true) int rank,
            @JsonProperty(required = true) long steps) implements ToServer {
        public Finished {
            Check.that(rank >= 0, "rank", "must be >= 0", rank);
            Check.that(steps >= 0, "steps", "must be >= 0", steps);
        }
    }

    /** The agent cannot go on with its assignment (dataset, model, non-finite loss…); the message says why. */
    record Failed(
            @JsonProperty(required = true) long jobId,
            @JsonProperty(required = true) int rank,
            String message) implements ToServer {
        public Failed {
            Check.that(rank >= 0, "rank", "must be >= 0", rank);
            message = Check.cut(Check.text(message, "message"), 4000);
        }
    }

    /** The agent is going away (after its final exchange, if it was training); it closes with 1000 next. */
    record Leaving(String reason) implements ToServer {
        public Leaving {
            reason = Check.cut(Check.text(reason, "reason"), 1000);
        }
    }
    // ---------------------------------------------------------------- simulated jobs ("simulate" in the spec)

    /**
     * A simulated job ({@code spec.simulate}) runs on its one agent as a virtual cluster of {@code workers}
     * workers. Sent once, after {@code ready} and the CENTER, before the run: the step time and jitter the
     * run uses, and whether each was measured here (the spec said {@code "measured"}) or given. A rerun
     * with {@code stepMs} and {@code jitter} as numbers is the same run bit for bit.
     */
    record SimStarted(
            @JsonProperty(required = true) long jobId,
            @JsonProperty(required = true) int rank,
            @JsonProperty(required = true) int workers,
            @JsonProperty(required = true) double stepMs,
            @JsonProperty(required = true) boolean stepMsMeasured,
            @JsonProperty(required = true) double jitter,
            @JsonProperty(required = true) boolean jitterMeasured) implements ToServer {
        public SimStarted {
            Check.that(rank >= 0, "rank", "must be >= 0", rank);
            Check.that(workers >= 1, "workers", "must be >= 1", workers);
            Check.that(Double.isFinite(stepMs) && stepMs > 0, "stepMs", "must be > 0", stepMs);
            Check.that(Double.isFinite(jitter) && jitter >= 0, "jitter", "must be >= 0", jitter);
        }
    }

    /**
     * What the virtual cluster produced since the last {@code simProgress}, oldest first, at most
     * {@link Protocol#MAX_PROGRESS_POINTS} points over the three lists together. Every time is in
     * VIRTUAL seconds since the run began. {@code virtualSeconds} and {@code steps} (worker 0's local
     * steps) say where the run stands.
     */
    record SimProgress(
            @JsonProperty(required = true) long jobId,
            @JsonProperty(required = true) int rank,
            @JsonProperty(required = true) double virtualSeconds,
            @JsonProperty(required = true) long steps,
            List<SimEval> evaluations,
            List<SimExchange> exchanges,
            List<SimLoss> losses) implements ToServer {
        public SimProgress {
            Check.that(rank >= 0, "rank", "must be >= 0", rank);
            Check.that(Double.isFinite(virtualSeconds) && virtualSeconds >= 0, "virtualSeconds", "must be >= 0",
                    virtualSeconds);
            Check.that(steps >= 0, "steps", "must be >= 0", steps);
            evaluations = List.copyOf(Check.present(evaluations, "evaluations"));
            exchanges = List.copyOf(Check.present(exchanges, "exchanges"));
            losses = List.copyOf(Check.present(losses, "losses"));
            int n = evaluations.size() + exchanges.size() + losses.size();
            Check.that(n <= Protocol.MAX_PROGRESS_POINTS, "evaluations", "with exchanges and losses must hold at most "
                    + Protocol.MAX_PROGRESS_POINTS + " points", n + " points");
        }
    }

    /** One evaluation of the center at virtual second {@code t}: after worker 0's step {@code step}. */
    record SimEval(
            @JsonProperty(required = true) double t,
            @JsonProperty(required = true) long step,
            @JsonProperty(required = true) long updates,
            @JsonProperty(required = true) double testLoss,
            @JsonProperty(required = true) double testError,
            @JsonProperty(required = true) long payloadBytes) {
        public SimEval {
            Check.that(Double.isFinite(t) && t >= 0, "evaluations.t", "must be >= 0", t);
            Check.that(Double.isFinite(testLoss), "evaluations.testLoss", "must be finite", testLoss);
            Check.that(testError >= 0 && testError <= 1, "evaluations.testError", "must be in [0, 1]", testError);
            Check.that(payloadBytes >= 0, "evaluations.payloadBytes", "must be >= 0", payloadBytes);
        }
    }

    /**
     * One applied exchange of virtual worker {@code worker} at its step {@code step}, applied at virtual
     * second {@code t}: {@code staleness} center updates since the worker's previous exchange, payload
     * bytes each way, and {@code exchangeMs} its virtual wire time.
     */
    record SimExchange(
            @JsonProperty(required = true) int worker,
            @JsonProperty(required = true) long step,
            @JsonProperty(required = true) double t,
            @JsonProperty(required = true) long staleness,
            @JsonProperty(required = true) long bytesUp,
            @JsonProperty(required = true) long bytesDown,
            @JsonProperty(required = true) double exchangeMs) {
        public SimExchange {
            Check.that(worker >= 0, "exchanges.worker", "must be >= 0", worker);
            Check.that(Double.isFinite(t) && t >= 0, "exchanges.t", "must be >= 0", t);
            Check.that(staleness >= 0, "exchanges.staleness", "must be >= 0", staleness);
            Check.that(bytesUp >= 0 && bytesDown >= 0, "exchanges.bytesUp", "must be >= 0", bytesUp);
            Check.that(Double.isFinite(exchangeMs) && exchangeMs >= 0, "exchanges.exchangeMs", "must be >= 0",
                    exchangeMs);
        }
    }

    /** Virtual worker {@code worker}'s minibatch loss at its local step {@code step}, virtual second {@code t}. */
    record SimLoss(
            @JsonProperty(required = true) int worker,
            @JsonProperty(required = true) long step,
            @JsonProperty(required = true) double t,
            @JsonProperty(required = true) double loss) {
        public SimLoss {
            Check.that(worker >= 0, "losses.worker", "must be >= 0", worker);
            Check.that(Double.isFinite(t) && t >= 0, "losses.t", "must be >= 0", t);
            Check.that(Double.isFinite(loss), "losses.loss", "must be finite", loss);
        }
    }

    /** How a simulated run ended. */
    enum SimOutcome { COMPLETED, DIVERGED }

    /**
     * The simulated run ended (after its last {@code simProgress}): {@code outcome} and why, the
     * virtual time of its end, worker 0's steps, the exchanges applied and the payload bytes each way.
     * A stopped run (the server's {@code stop}) sends nothing.
     */
    record SimEnded(
            @JsonProperty(required = true) long jobId,
            @JsonProperty(required = true) int rank,
            SimOutcome outcome,
            String reason,
            @JsonProperty(required = true) double virtualSeconds,
            @JsonProperty(required = true) long steps,
            @JsonProperty(required = true) long exchanges,
            @JsonProperty(required = true) long bytesUp,
            @JsonProperty(required = true) long bytesDown) implements ToServer {
        public SimEnded {
            Check.that(rank >= 0, "rank", "must be >= 0", rank);
            Check.present(outcome, "outcome");
            reason = Check.cut(Check.text(reason, "reason"), 1000);
            Check.that(Double.isFinite(virtualSeconds) && virtualSeconds >= 0, "virtualSeconds", "must be >= 0",
                    virtualSeconds);
            Check.that(steps >= 0, "steps", "must be >= 0", steps);
            Check.that(exchanges >= 0, "exchanges", "must be >= 0", exchanges);
            Check.that(bytesUp >= 0 && bytesDown >= 0, "bytesUp", "must be >= 0", bytesUp);
        }
    }
}
