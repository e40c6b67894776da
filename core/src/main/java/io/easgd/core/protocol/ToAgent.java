package io.easgd.core.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.easgd.core.spec.JobSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A control message from the server to an agent: a JSON text frame whose {@code type} names the
 * record from the fixed list below (never a class name). Encode and decode with {@link Messages}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ToAgent.Welcome.class, name = "welcome"),
    @JsonSubTypes.Type(value = ToAgent.Assign.class, name = "assign"),
    @JsonSubTypes.Type(value = ToAgent.Stop.class, name = "stop"),
    @JsonSubTypes.Type(value = ToAgent.SetTau.class, name = "setTau"),
    @JsonSubTypes.Type(value = ToAgent.Error.class, name = "error")
})
public sealed interface ToAgent {

    /**
     * The server accepted the hello. {@code agentId} is the agent's id from now on (the one it sent,
     * or a new one); {@code resumed} is true when the hello's {@code resume} was accepted: the agent
     * keeps its rank and re-sends its exchange in flight. False after a resume means the rank is
     * gone: the agent drops its job and is free. {@code protocol} is the hello's. {@code data}, in
     * version 2 only and only when the server has its data channel on, is where and how to attach it
     * ({@link DataChannel}); absent otherwise.
     */
    record Welcome(
            @JsonProperty(required = true) int protocol,
            String agentId,
            @JsonProperty(required = true) int heartbeatSeconds,
            @JsonProperty(required = true) int maxFrameBytes,
            @JsonProperty(required = true) boolean resumed,
            @JsonInclude(JsonInclude.Include.NON_NULL) DataOffer data) implements ToAgent {
        public Welcome {
            Check.that(Protocol.supported(protocol), "protocol", "must be 1 or 2", protocol);
            Check.that(data == null || protocol >= Protocol.VERSION_2, "data", "is only sent in protocol version 2",
                    "present");
            Check.that(Check.AGENT_ID.matcher(Check.present(agentId, "agentId")).matches(), "agentId",
                    "must be 1-64 letters, digits, '.', '_', '-'", "\"" + agentId + "\"");
            Check.that(heartbeatSeconds >= 1 && heartbeatSeconds <= 3600, "heartbeatSeconds", "must be in [1, 3600]",
                    heartbeatSeconds);
            Check.that(maxFrameBytes >= Chunker.MIN_FRAME_BYTES && maxFrameBytes <= Protocol.MAX_FRAME_BYTES,
                    "maxFrameBytes", "must be in [" + Chunker.MIN_FRAME_BYTES + ", " + Protocol.MAX_FRAME_BYTES + "]",
                    maxFrameBytes);
        }

        /** A version 1 welcome. */
        public Welcome(int protocol, String agentId, int heartbeatSeconds, int maxFrameBytes, boolean resumed) {
            this(protocol, agentId, heartbeatSeconds, maxFrameBytes, resumed, null);
        }

        /** A welcome of protocol version 1 with the default heartbeat and frame size. */
        public static Welcome of(String agentId, boolean resumed) {
            return new Welcome(Protocol.VERSION, agentId, Protocol.HEARTBEAT_SECONDS, Protocol.MAX_FRAME_BYTES, resumed);
        }
    }

    /**
     * Version 2: the data channel the agent may attach. {@code port}: a TCP port on the host of the
     * agent's server URL, or on {@code host} when the server names one (a replica behind a load
     * balancer names itself, so that the channel reaches the replica that holds the WebSocket); TLS
     * when the WebSocket is {@code wss://}. {@code key}: 32 lowercase hex digits, the 16 bytes the
     * agent's attach preamble carries, good for one attach of this session.
     */
    record DataOffer(@JsonProperty(required = true) int port, String key,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String host) {
        public DataOffer {
            Check.that(port >= 1 && port <= 65535, "data.port", "must be in [1, 65535]", port);
            Check.that(key != null && DataChannel.KEY_HEX.matcher(key).matches(), "data.key",
                    "must be 32 lowercase hex digits", key == null ? null : "\"" + key + "\"");
            Check.that(host == null || host.matches("[A-Za-z0-9.:\\-\\[\\]]{1,253}"), "data.host",
                    "must be a host name or an IP address", "\"" + host + "\"");
        }

        /** An offer on the host of the agent's server URL. */
        public DataOffer(int port, String key) {
            this(port, key, null);
        }

        /** The key's 16 bytes. */
        public byte[] keyBytes() {
            return java.util.HexFormat.of().parseHex(key);
        }

        /** Where to connect: {@code host}, else {@code serverHost} (the host of the agent's server URL). */
        public String hostOr(String serverHost) {
            return host != null ? host : serverHost;
        }

        @Override
        public String toString() {
            return "DataOffer[port=" + port + ", key=***" + (host != null ? ", host=" + host : "") + "]";
        }
    }

    /**
     * Worker {@code rank} of job {@code jobId}: fetch the dataset, build the spec's network, answer
     * {@code ready}. {@code workerSeed} seeds the worker's minibatch order and dropout;
     * {@code parameterCount} is N, the length of every CENTER, UP and DOWN vector of the rule;
     * {@code startStep} is the local step the worker starts counting from (0 for a fresh worker);
     * {@code tau}, in an auto-τ job only, the period the job runs with now (a replacement, or a job
     * resumed after a restart, continues with it; absent: {@code spec.autoTau.initial}).
     */
    record Assign(
            @JsonProperty(required = true) long jobId,
            @JsonProperty(required = true) int rank,
            JobSpec spec,
            @JsonProperty(required = true) long workerSeed,
            @JsonProperty(required = true) int parameterCount,
            @JsonProperty(required = true) long startStep,
            DatasetRef dataset,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer tau) implements ToAgent {
        public Assign {
            Check.present(spec, "spec");
            Check.that(rank >= 0 && rank < spec.maxWorkers(), "rank", "must be in [0, " + spec.maxWorkers() + ")", rank);
            Check.that(parameterCount >= 1, "parameterCount", "must be >= 1", parameterCount);
            Check.that(startStep >= 0, "startStep", "must be >= 0", startStep);
            Check.present(dataset, "dataset");
            Check.that(dataset.name().equals(spec.dataset()), "dataset.name", "must equal spec.dataset \""
                    + spec.dataset() + "\"", "\"" + dataset.name() + "\"");
            Check.that(tau == null || spec.tauAuto(), "tau", "is only sent for a spec with tau \"auto\"", tau);
            Check.that(tau == null || (tau >= spec.autoTau().min() && tau <= spec.autoTau().max()), "tau",
                    "must be in [autoTau.min, autoTau.max]", tau);
        }

        /** An assignment of a job with a fixed τ. */
        public Assign(long jobId, int rank, JobSpec spec, long workerSeed, int parameterCount, long startStep,
                      DatasetRef dataset) {
            this(jobId, rank, spec, workerSeed, parameterCount, startStep, dataset, null);
        }

        /** The period the worker starts with: {@code tau}, else the spec's. */
        public int startTau() {
            return tau != null ? tau : spec.tau();
        }
    }

    /** The files of a dataset, fetched into the agent's cache as {@code datasets/<name>/<file name>}. */
    record DatasetRef(String name, List<FileRef> files) {
        public DatasetRef {
            Check.name(name, "dataset.name");
            files = List.copyOf(Check.present(files, "dataset.files"));
            Check.that(!files.isEmpty(), "dataset.files", "must not be empty", "[]");
            Set<String> seen = new HashSet<>();
            for (FileRef f : files) {
                Check.that(seen.add(f.name()), "dataset.files", "must not repeat a name", "\"" + f.name() + "\" twice");
            }
        }
    }

    /**
     * One dataset file: GET {@code path} on the server (same host and port as the WebSocket, with
     * the agent token as a bearer token); it must be {@code size} bytes with SHA-256 {@code sha256}.
     */
    record FileRef(
            String name,
            @JsonProperty(required = true) long size,
            String sha256,
            String path) {
        public FileRef {
            Check.name(name, "dataset.files.name");
            Check.that(size >= 0, "dataset.files.size", "must be >= 0", size);
            Check.that(sha256 != null && Check.SHA256.matcher(sha256).matches(), "dataset.files.sha256",
                    "must be 64 lowercase hex digits", sha256);
            Check.that(path != null && path.startsWith("/") && !path.startsWith("//") && !path.contains("..")
                    && path.chars().noneMatch(c -> c <= ' '), "dataset.files.path",
                    "must be an absolute path on the server (starting with one '/', no '..', no spaces)", path);
        }
    }

    /** The job ended (completed, cancelled or failed elsewhere), or this worker was released from it. */
    record Stop(@JsonProperty(required = true) long jobId, String reason) implements ToAgent {
        public Stop {
            reason = Check.cut(Check.text(reason, "reason"), 1000);
        }
    }

    /**
     * Auto-τ: from its next local step on, the worker of job {@code jobId} exchanges every {@code tau}
     * steps; {@code reason} says why (the measurements that led to it). Sent to every worker of the job
     * when the platform changes τ, and again to one that reports another τ (it missed the message
     * while reconnecting). Ignored for a job the agent does not run.
     */
    record SetTau(@JsonProperty(required = true) long jobId, @JsonProperty(required = true) int tau, String reason)
            implements ToAgent {
        public SetTau {
            Check.that(tau >= 1, "tau", "must be >= 1", tau);
            reason = Check.cut(Check.text(reason, "reason"), 1000);
        }
    }

    /** Informational; the connection stays open. */
    record Error(String message) implements ToAgent {
        public Error {
            message = Check.cut(Check.text(message, "message"), 4000);
        }
    }
}
