package io.easgd.backend.paramserver;

import io.easgd.core.compression.Compression;
import io.easgd.core.protocol.Assembler;
import io.easgd.core.protocol.ParamFrame;
import io.easgd.core.protocol.Protocol;
import io.easgd.core.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

/**
 * The exchanges of one rank, exactly once per sequence. Uploads are assembled into one of two
 * buffers while the other may be inside the master rule, so a re-sent copy arriving during an
 * exchange never touches the vector being applied. Guarded by its own monitor. Its uploads and
 * replies are {@link ExchangeService}'s; who holds the rank — a restart for a new holder, a
 * reconnect, a join — is told it by the rank's {@link WorkerSlot} and {@link WorkerSupervisor}
 * (checked by {@code OwnershipTest}).
 *
 * <pre>
 * arrival of sequence s           state                         what happens
 * s == inFlight                   being applied / at a barrier  dropped: the reply goes, when ready,
 *                                                               to the agent's current connection
 * s == lastApplied, none in flight reply kept                   the kept reply is sent again
 * s == lastApplied + 1, none      —                             applied (the buffers swap)
 * anything else                   —                             protocol error, the connection closes
 * </pre>
 */
final class RankExchange {
    /** What the service does with a complete upload. */
    enum Verdict { APPLY, DUPLICATE_IN_FLIGHT, RESEND_REPLY }

    /**
     * A complete upload: the verdict, its sequence and step, the rank's generation, the vector and
     * the index of its first NaN or ±Inf (-1: all finite; checked while the frames were copied).
     */
    record Arrival(Verdict verdict, long sequence, long step, long generation, float[] upload, int firstNonFinite) {
    }

    private final long jobId;
    private final int rank;
    private final float[] reply;
    private final Compression compression;
    private Assembler assembling;
    private Assembler spare;
    private long generation;
    private long lastApplied;
    private boolean hasReply;
    private long inFlight;
    private long inFlightStep;
    private long lastAppliedStep;
    private long updatesAtLastExchange;
    private long exchanges;
    private long duplicates;
    private long abandoned;
    private long bytesUp;
    private long bytesDown;
    private long payloadBytes;
    private Instant lastExchangeAt;

    /**
     * @param compression the job's: UP frames must carry it, and its bytes count as payload
     * @param checkFinite whether to check uploads for NaN/±Inf as they are copied in; false when the job's
     *     master refuses them itself ({@link io.easgd.core.rules.MasterRule#checksUploads})
     */
    RankExchange(long jobId, int rank, int upFloats, int downFloats, Compression compression, boolean checkFinite) {
        this.jobId = jobId;
        this.rank = rank;
        this.reply = new float[downFloats];
        this.compression = compression;
        this.assembling = new Assembler(ParamFrame.Kind.UP, jobId, rank, new float[upFloats], checkFinite, compression);
        this.spare = new Assembler(ParamFrame.Kind.UP, jobId, rank, new float[upFloats], checkFinite, compression);
    }

    /** How the job's UP and DOWN vectors are encoded. */
    Compression compression() {
        return compression;
    }

    /**
     * Takes one UP frame; when it completes a vector, says what to do with it.
     *
     * @return null while the vector is incomplete
     * @throws ProtocolException for a malformed frame or a sequence out of order
     */
    synchronized Arrival accept(ParamFrame header, ByteBuffer frame, long wireBytes) {
        bytesUp += wireBytes;
        if (!assembling.accept(header, frame)) {
            return null;
        }
        long s = assembling.sequence();
        if (inFlight != 0 && s == inFlight) {
            duplicates++;
            return new Arrival(Verdict.DUPLICATE_IN_FLIGHT, s, assembling.step(), generation, null, -1);
        }
        if (inFlight == 0 && hasReply && s == lastApplied) {
            duplicates++;
            return new Arrival(Verdict.RESEND_REPLY, s, assembling.step(), generation, null, -1);
        }
        if (inFlight == 0 && s == lastApplied + 1) {
            Assembler full = assembling;
            assembling = spare;
            spare = full;
            inFlight = s;
            inFlightStep = full.step();
            return new Arrival(Verdict.APPLY, s, inFlightStep, generation, full.target(), full.firstNonFinite());
        }
        throw new ProtocolException(Protocol.CLOSE_PROTOCOL_ERROR, "sequence " + s + " of rank " + rank + ", expected "
                + (inFlight != 0 ? inFlight + " (in flight)" : (lastApplied + 1) + (hasReply ? " or " + lastApplied : "")));
    }





    /** The master's reply buffer; written by the master rule while the upload is in flight. */
    float[] reply() {
        return reply;
    }

    /** Something that sends the kept reply; returns its bytes on the wire. */
    interface ReplySender {
        long send(float[] reply, long sequence, long step);
    }

    /** Sends the kept reply of the last applied sequence, under this rank's lock (nothing rewrites it meanwhile). */
    synchronized void sendReply(ReplySender sender) {
        if (hasReply) {
            bytesDown += sender.send(reply, lastApplied, lastAppliedStep);
        }
    }

    /**
     * The master applied the in-flight upload: its reply is kept for re-sends.
     *
     * @return the staleness (master updates by others since this rank's previous exchange), or -1 when
     *     the rank was reassigned meanwhile (the reply belongs to nobody)
     */
    synchronized long applied(long gen, long updates, Instant now) {
        exchanges++;                                  // the master took it, whoever holds the rank now
        if (gen != generation || inFlight == 0) {
            return -1;
        }
        long staleness = Math.max(0, updates - 1 - updatesAtLastExchange);
        updatesAtLastExchange = updates;
        lastApplied = inFlight;
        lastAppliedStep = inFlightStep;
        inFlight = 0;
        hasReply = true;
        payloadBytes += compression.encodedBytes((long) spare.target().length + reply.length);
        lastExchangeAt = now;
        return staleness;
    }

    /** The in-flight upload was not applied (refused, or the job ended): nothing is kept. */
    synchronized void abandon(long gen) {
        if (gen == generation) {
            abandoned += inFlight != 0 ? 1 : 0;
            inFlight = 0;
        }
    }

    /** A reconnect of the same agent: a partial vector is dropped, sequences go on. */
    synchronized void reconnected() {
        assembling.reset();
    }

    /** A new agent takes the rank: new sequences from 1, no reply kept, an in-flight reply discarded. */
    synchronized void restart() {
        generation++;
        assembling.reset();
        lastApplied = 0;
        hasReply = false;
        inFlight = 0;
    }

    /** The master's update count a fresh worker starts from (for staleness). */
    synchronized void joined(long updates) {
        updatesAtLastExchange = updates;
    }

    /** Whether this rank has applied an exchange since it was (re)assigned. */
    synchronized boolean exchangedSinceAssignment() {
        return lastApplied > 0 || inFlight > 0;
    }

    synchronized void countDown(long wire) {
        bytesDown += wire;
    }

    synchronized long bytesUp() {
        return bytesUp;
    }

    synchronized long bytesDown() {
        return bytesDown;
    }

    synchronized long payloadBytes() {
        return payloadBytes;
    }

    synchronized long duplicates() {
        return duplicates;
    }

    /** Uploads of this rank that were in flight and not applied (refused, or the job ended under them). */
    synchronized long abandoned() {
        return abandoned;
    }

    /** When the master last applied an upload of the rank's current holder; null before one. */
    synchronized Instant lastExchangeAt() {
        return lastExchangeAt;
    }

    /** The job step of the last upload applied from the rank's current holder (the server's count); -1 before one. */
    synchronized long lastAppliedStep() {
        return lastApplied > 0 ? lastAppliedStep : -1;
    }

    synchronized long exchanges() {
        return exchanges;
    }

    synchronized void describe(Map<String, Object> row) {
        row.put("lastExchangeAt", lastExchangeAt == null ? null : lastExchangeAt.toString());
        row.put("exchanges", exchanges);
        row.put("bytesUp", bytesUp);
        row.put("bytesDown", bytesDown);
    }

    @Override
    public String toString() {
        return "job " + jobId + " rank " + rank;
    }
}
