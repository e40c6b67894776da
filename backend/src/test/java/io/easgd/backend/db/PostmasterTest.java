package io.easgd.backend.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock files a dead postmaster leaves: which are removed before a restart, which are left to PostgreSQL. */
class PostmasterTest {
    @TempDir
    Path data;
    @TempDir
    Path sockets;

    private void pidFile(long pid, int port) throws Exception {
        Files.writeString(data.resolve("postmaster.pid"), pid + "\n" + data + "\n1700000000\n" + port + "\n"
                + sockets + "\nlocalhost\n  1234567     42\nready   \n");
        Files.writeString(sockets.resolve(".s.PGSQL." + port + ".lock"), pid + "\n" + data + "\n1700000000\n" + port
                + "\n" + sockets + "\n");
    }

    @Test
    void aPidNowHeldByAnotherProcessIsStaleAndBothLockFilesGo() throws Exception {
        long stranger = ProcessHandle.current().pid();          // alive, but no postgres and not working in data
        pidFile(stranger, 5999);
        assertThat(Postmaster.pid(data)).hasValue(stranger);
        assertThat(Postmaster.serves(stranger, data)).isFalse();
        assertThat(Postmaster.running(data)).isFalse();
        assertThat(Postmaster.socketLockFile(data)).contains(sockets.resolve(".s.PGSQL.5999.lock"));

        EmbeddedPostgresServer.clearStaleLockFile(data);
        assertThat(data.resolve("postmaster.pid")).doesNotExist();
        assertThat(sockets.resolve(".s.PGSQL.5999.lock")).doesNotExist();
    }

    @Test
    void aPidNoProcessHasIsLeftToPostgresqlWhichChecksSharedMemoryToo() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        pidFile(gone.pid(), 5998);
        EmbeddedPostgresServer.clearStaleLockFile(data);
        assertThat(data.resolve("postmaster.pid")).exists();
        assertThat(sockets.resolve(".s.PGSQL.5998.lock")).exists();
    }

    @Test
    void aSocketLockOfAnotherServerIsKept() throws Exception {
        long stranger = ProcessHandle.current().pid();
        pidFile(stranger, 5997);
        Files.writeString(sockets.resolve(".s.PGSQL.5997.lock"), "1\n/elsewhere\n");
        EmbeddedPostgresServer.clearStaleLockFile(data);
        assertThat(data.resolve("postmaster.pid")).doesNotExist();
        assertThat(sockets.resolve(".s.PGSQL.5997.lock")).exists();
    }

    @Test
    void noFileNoPid() {
        assertThat(Postmaster.pid(data)).isEmpty();
        assertThat(Postmaster.running(data)).isFalse();
        assertThat(Postmaster.serverProcesses(data)).isEmpty();
        assertThat(EmbeddedPostgresServer.backoff(1)).hasSeconds(1);
        assertThat(EmbeddedPostgresServer.backoff(3)).hasSeconds(4);
        assertThat(EmbeddedPostgresServer.backoff(20)).hasSeconds(30);
    }
}
