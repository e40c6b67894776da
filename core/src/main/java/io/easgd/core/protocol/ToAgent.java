package io.easgd.core.protocol;

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
    @JsonSubTypes.Type(value = ToAgent.Error.class, name = "error")
})
public sealed interface ToAgent {

    /**
     * The server accepted the hello. {@code agentId} is the agent's id from now on (the one it sent,
     * or a new one); {@code resumed} is true when the hello's {@code resume} was accepted: the agent
     * keeps its rank and re-sends its exchange in flight. False after a resume means the rank is
     * gone: the agent drops its job and is free.
     */
    record Welcome(
            @JsonProperty(required = true) int protocol,
            String agentId,
            @JsonProperty(required = true) int heartbeatSeconds,
            @JsonProperty(required = true) int maxFrameBytes,
            @JsonProperty(required = true) boolean resumed) implements ToAgent {
        public Welcome {
            Check.that(Check.AGENT_ID.matcher(Check.present(agentId, "agentId")).matches(), "agentId",
                    "must be 1-64 letters, digits, '.', '_', '-'", "\"" + agentId + "\"");
            Check.that(heartbeatSeconds >= 1 && heartbeatSeconds <= 3600, "heartbeatSeconds", "must be in [1, 3600]",
                    heartbeatSeconds);
            Check.that(maxFrameBytes >= Chunker.MIN_FRAME_BYTES && maxFrameBytes <= Protocol.MAX_FRAME_BYTES,
                    "maxFrameBytes", "must be in [" + Chunker.MIN_FRAME_BYTES + ", " + Protocol.MAX_FRAME_BYTES + "]",
                    maxFrameBytes);
        }

        /** A welcome of this protocol version with the default heartbeat and frame size. */
        public static Welcome of(String agentId, boolean resumed) {
            return new Welcome(Protocol.VERSION, agentId, Protocol.HEARTBEAT_SECONDS, Protocol.MAX_FRAME_BYTES, resumed);
        }
    }

    /**
     * Worker {@code rank} of job {@code jobId}: fetch the dataset, build the spec's network, answer
     * {@code ready}. {@code workerSeed} seeds the worker's minibatch order and dropout;
     * {@code parameterCount} is N, the length of every CENTER, UP and DOWN vector of the rule;
     * {@code startStep} is the local step the worker starts counting from (0 for a fresh worker).
     */
    record Assign(
            @JsonProperty(required = true) long jobId,
            @JsonProperty(required = true) int rank,
            JobSpec spec,
            @JsonProperty(required = true) long workerSeed,
            @JsonProperty(required = true) int parameterCount,
            @JsonProperty(required = true) long startStep,
            DatasetRef dataset) implements ToAgent {
        public Assign {
            Check.present(spec, "spec");
            Check.that(rank >= 0 && rank < spec.workers(), "rank", "must be in [0, " + spec.workers() + ")", rank);
            Check.that(parameterCount >= 1, "parameterCount", "must be >= 1", parameterCount);
            Check.that(startStep >= 0, "startStep", "must be >= 0", startStep);
            Check.present(dataset, "dataset");
            Check.that(dataset.name().equals(spec.dataset()), "dataset.name", "must equal spec.dataset \""
                    + spec.dataset() + "\"", "\"" + dataset.name() + "\"");
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

    /** Informational; the connection stays open. */
    record Error(String message) implements ToAgent {
        public Error {
            message = Check.cut(Check.text(message, "message"), 4000);
        }
    }
}
