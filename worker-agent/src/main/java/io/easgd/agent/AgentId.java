package io.easgd.agent;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's id, kept in a file so that a restarted agent is the same agent in the server's list
 * (its training state is not kept: a restarted agent never resumes a job). The file is locked
 * while the agent runs. Agents that share one cache directory (the replicas of the compose file on
 * one volume, several agents of one user) take the first free of {@code agent-id},
 * {@code agent-id-2}, {@code agent-id-3} ... up to {@value #SLOTS}: no two running agents share
 * an id, and a recreated agent takes one of the saved ids back instead of appearing as a new agent.
 * When every slot is in use (or the folder cannot be written) the agent runs with a fresh id that
 * is not saved, with a warning.
 */
public final class AgentId {
    private static final Logger log = LoggerFactory.getLogger(AgentId.class);
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** How many agents can keep their ids in one folder. */
    static final int SLOTS = 64;

    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private volatile String value;

    private AgentId(Path file, FileChannel lockChannel, FileLock lock, String value) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.value = value;
    }

    /**
     * Reads the id in {@code file}, or makes and saves a new one; when another running agent holds
     * {@code file}, the next free slot {@code <file>-2}, {@code <file>-3} ... instead.
     */
    public static AgentId load(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            for (int slot = 1; slot <= SLOTS; slot++) {
                Path candidate = slot(file, slot);
                AgentId id = tryLoad(candidate);
                if (id != null) {
                    if (slot > 1) {
                        log.info("agent id file {} is in use by another agent; this one keeps its id in {}", file, candidate);
                    }
                    return id;
                }
            }
            String id = fresh();
            log.warn("agent id files {} to {} are all in use by other agents; this one runs as {} (not saved); "
                    + "give each agent its own --id-file", file, slot(file, SLOTS).getFileName(), id);
            return new AgentId(file, null, null, id);
        } catch (IOException e) {
            String id = fresh();
            log.warn("cannot use agent id file {} ({}); this agent runs as {} (not saved)", file, e.toString(), id);
            return new AgentId(file, null, null, id);
        }
    }

    /** The id file of the {@code n}th agent on one folder: {@code file} itself, then {@code file-n}. */
    static Path slot(Path file, int n) {
        return n == 1 ? file : file.resolveSibling(file.getFileName() + "-" + n);
    }

    /** The id in {@code file} with its lock held, or null when another agent holds the lock. */
    private static AgentId tryLoad(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return null;
        }
        String id;
        try {
            id = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : "";
        } catch (IOException e) {
            lock.release();
            channel.close();
            throw e;
        }
        AgentId agentId = new AgentId(file, channel, lock, VALID.matcher(id).matches() ? id : fresh());
        if (!agentId.value.equals(id)) {
            agentId.save();
        }
        return agentId;
    }

    public String value() {
        return value;
    }

    /** Takes the id the server's {@code welcome} gave, saving it when it differs. */
    public void adopt(String id) {
        if (!id.equals(value)) {
            log.info("agent id is now {} (was {})", id, value);
            value = id;
            save();
        }
    }

    private void save() {
        if (lock == null) {
            return;
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("cannot save agent id to {}: {}", file, e.toString());
        }
    }

    /** Releases the file for the next agent (the OS does it too when the process ends). */
    public void release() {
        try {
            if (lock != null) {
                lock.release();
                lockChannel.close();
            }
        } catch (IOException e) {
            log.debug("releasing {}: {}", file, e.toString());
        }
    }

    private static String fresh() {
        return UUID.randomUUID().toString();
    }
}
