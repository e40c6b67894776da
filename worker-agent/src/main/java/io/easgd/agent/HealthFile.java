package io.easgd.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file the agent touches while it is connected to a backend (at {@code welcome}, then at every
 * heartbeat) and deletes when the connection is gone, so that a container health check can tell a
 * connected agent from a stuck one without an HTTP port: {@code find FILE -mmin -1} finds it only
 * while it is fresh (docker-compose.yml, deploy/kubernetes). Off unless {@code EASGD_HEALTH_FILE}
 * names the file. Never fails the agent: a file that cannot be written is reported once.
 */
public final class HealthFile {
    private static final Logger log = LoggerFactory.getLogger(HealthFile.class);
    /** The environment variable naming the file. */
    public static final String ENV = "EASGD_HEALTH_FILE";
    /** No file. */
    public static final HealthFile NONE = new HealthFile(null);

    private final Path path;
    private volatile boolean warned;

    HealthFile(Path path) {
        this.path = path;
    }

    /** The file {@code EASGD_HEALTH_FILE} names, or {@link #NONE}. */
    public static HealthFile fromEnv(Map<String, String> env) {
        String p = env.get(ENV);
        return p == null || p.isBlank() ? NONE : new HealthFile(Path.of(p.trim()));
    }

    /** Connected right now: creates the file or moves its modification time to now. */
    public void connected() {
        if (path == null) {
            return;
        }
        try {
            if (Files.exists(path)) {
                Files.setLastModifiedTime(path, FileTime.fromMillis(System.currentTimeMillis()));
            } else {
                Files.write(path, new byte[0]);
            }
        } catch (IOException | RuntimeException e) {
            warnOnce(e);
        }
    }

    /** Not connected: the file goes, so the health check fails at once rather than when it ages. */
    public void disconnected() {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException | RuntimeException e) {
            warnOnce(e);
        }
    }

    private void warnOnce(Exception e) {
        if (!warned) {
            warned = true;
            log.warn("cannot update the health file {} ({}): container health checks will see this agent as "
                    + "unhealthy", path, e.toString());
        }
    }

    @Override
    public String toString() {
        return path == null ? "none" : path.toString();
    }
}
