package io.easgd.backend.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures {@link Db#isUnavailable} calls an outage (worth retrying) and which not. */
class DbUnavailableTest {
    @Test
    void failuresToReachTheServerAreAnOutage() {
        // Hikari's timeout, as Spring reports it when a transaction cannot begin
        assertThat(Db.isUnavailable(new CannotCreateTransactionException("no connection",
                new SQLTransientConnectionException("easgd-embedded - Connection is not available")))).isTrue();
        assertThat(Db.isUnavailable(new CannotGetJdbcConnectionException("no connection"))).isTrue();
        // the connection broke under a statement, then under the rollback (what a killed server gives)
        assertThat(Db.isUnavailable(new TransactionSystemException("JDBC rollback failed",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")))).isTrue();
        // the server shut down (pg_ctl stop -m fast, or its postmaster died), or is still starting
        assertThat(Db.isUnavailable(new TransactionSystemException("JDBC commit failed",
                new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(Db.isUnavailable(new SQLException("the database system is starting up", "57P03"))).isTrue();
        assertThat(Db.isUnavailable(new IllegalStateException(new ConnectException("Connection refused")))).isTrue();
    }

    @Test
    void errorsTheSameCallWouldHitAgainAreNot() {
        assertThat(Db.isUnavailable(new BadSqlGrammarException("select", "selct 1",
                new SQLException("syntax error", "42601")))).isFalse();
        assertThat(Db.isUnavailable(new DuplicateKeyException("dup"))).isFalse();
        assertThat(Db.isUnavailable(new DataIntegrityViolationException("fk",
                new SQLException("violates foreign key constraint", "23503")))).isFalse();
        assertThat(Db.isUnavailable(new IllegalArgumentException("bad"))).isFalse();
        assertThat(Db.isUnavailable(null)).isFalse();
    }

    @Test
    void aCauseCycleEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(Db.isUnavailable(a)).isFalse();
    }
}
