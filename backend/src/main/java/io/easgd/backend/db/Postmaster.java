package io.easgd.backend.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the operating system says about the PostgreSQL server of a data directory: the pid in its
 * {@code postmaster.pid}, whether that process still runs, and which processes of the server are
 * left. On Linux it reads {@code /proc}: a killed postmaster whose parent does not reap it stays a
 * zombie, which {@link ProcessHandle#isAlive()} and {@code kill(pid, 0)} (PostgreSQL's own lock
 * file check) both take for a live process; and every process of a server has the data directory
 * as its working directory, which tells its processes from a stranger that got the same pid.
 * Elsewhere it falls back to {@link ProcessHandle} and the command name.
 */
final class Postmaster {
    private static final Path PROC = Path.of("/proc");

    private Postmaster() {
    }

    /** The pid written in the first line of {@code <dataDir>/postmaster.pid}, if that file is there and readable. */
    static OptionalLong pid(Path dataDir) {
        return pidIn(dataDir.resolve("postmaster.pid"));
    }

    /** The pid in the first line of a PostgreSQL lock file. */
    static OptionalLong pidIn(Path lockFile) {
        try {
            List<String> lines = Files.readAllLines(lockFile);
            return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * The lock file of the server's Unix socket, {@code <socket dir>/.s.PGSQL.<port>.lock}, as
     * {@code postmaster.pid} names them (lines 4 and 5), if it exists.
     */
    static Optional<Path> socketLockFile(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            if (lines.size() < 5 || lines.get(4).isBlank()) {
                return Optional.empty();
            }
            int port = Integer.parseInt(lines.get(3).strip());
            String dir = lines.get(4).strip().split(",")[0].strip();
            Path lock = Path.of(dir).resolve(".s.PGSQL." + port + ".lock");
            return Files.isRegularFile(lock) ? Optional.of(lock) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** True when {@code pid} is a live (not zombie) process of the server of {@code dataDir}. */
    static boolean serves(long pid, Path dataDir) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (p.isEmpty() || zombie(pid)) {
            return false;
        }
        Optional<Path> cwd = cwd(pid);
        if (cwd.isPresent()) {
            return cwd.get().equals(real(dataDir));
        }
        return p.get().info().command().map(c -> c.endsWith("postgres")).orElse(false);
    }

    /** True when the postmaster named in {@code postmaster.pid} runs on {@code dataDir}. */
    static boolean running(Path dataDir) {
        OptionalLong pid = pid(dataDir);
        return pid.isPresent() && serves(pid.getAsLong(), dataDir);
    }

    /** True when {@code pid} has exited but was not reaped by its parent (Linux; false elsewhere). */
    static boolean zombie(long pid) {
        return state(pid) == 'Z';
    }

    /** A process still listed (possibly as a zombie) under that pid. */
    static boolean listed(long pid) {
        return ProcessHandle.of(pid).isPresent() || Files.exists(PROC.resolve(Long.toString(pid)));
    }

    /**
     * The live processes working in {@code dataDir}: a postmaster and its children (backends,
     * checkpointer, WAL writer…). After the postmaster is killed its children notice and exit on
     * their own, within a second or so; until they have, a new server must not start on the same
     * data. Empty where {@code /proc} does not exist.
     */
    static List<ProcessHandle> serverProcesses(Path dataDir) {
        if (!Files.isDirectory(PROC)) {
            return List.of();
        }
        Path dir = real(dataDir);
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> cwd(p.pid()).map(dir::equals).orElse(false))
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(true))  // never a shell in there
                .filter(p -> !zombie(p.pid()))
                .toList();
    }

    /** The state letter of /proc/<pid>/stat (R, S, D, Z…), or 0 when unknown. */
    private static char state(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            int close = stat.lastIndexOf(')');              // the command may hold spaces and parentheses
            return close < 0 || close + 2 >= stat.length() ? 0 : stat.charAt(close + 2);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static Optional<Path> cwd(long pid) {
        try {
            return Optional.of(Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("cwd")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Path real(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }
}
