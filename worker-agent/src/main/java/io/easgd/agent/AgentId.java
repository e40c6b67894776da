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
 * while the agent runs; a second agent pointed at the same file gets a fresh id that is not
 * saved, with a warning, instead of impersonating the first.
 */
public final class AgentId {
    private static final Logger log = LoggerFactory.getLogger(AgentId.class);
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

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

    /** Reads the id in {@code file}, or makes and saves a new one. */
    public static AgentId load(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            FileChannel channel = FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                String id = fresh();
                log.warn("agent id file {} is in use by another agent; this one runs as {} (not saved); "
                        + "give each agent its own --id-file", file, id);
                return new AgentId(file, null, null, id);
            }
            String id = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : "";
            AgentId agentId = new AgentId(file, channel, lock, VALID.matcher(id).matches() ? id : fresh());
            if (!agentId.value.equals(id)) {
                agentId.save();
            }
            return agentId;
        } catch (IOException e) {
            String id = fresh();
            log.warn("cannot use agent id file {} ({}); this agent runs as {} (not saved)", file, e.toString(), id);
            return new AgentId(file, null, null, id);
        }
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
