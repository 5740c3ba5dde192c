package io.genpipe.sink.recording;

import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseFailuresTest {

    @Test
    void aPoolThatCannotConnectIsWaitedOut() {
        // What Hikari throws when PostgreSQL is down, as Spring's transaction manager wraps it.
        SQLTransientConnectionException timedOut = new SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available, request timed out after 3000ms");
        assertThat(DatabaseFailures.isTransient(new CannotCreateTransactionException("no connection", timedOut)))
                .isTrue();
        assertThat(DatabaseFailures.isTransient(new CannotGetJdbcConnectionException("no connection", timedOut)))
                .isTrue();
    }

    @Test
    void aServerShuttingDownOrUnreachableIsWaitedOut() {
        assertThat(DatabaseFailures.isTransient(sql("57P01", "terminating connection due to administrator command")))
                .isTrue();
        assertThat(DatabaseFailures.isTransient(sql("08006", "An I/O error occurred while sending to the backend")))
                .isTrue();
        assertThat(DatabaseFailures.isTransient(sql("53300", "sorry, too many clients already"))).isTrue();
    }

    @Test
    void aConnectionThePoolSawClosedUnderItIsWaitedOut() {
        // Hikari's proxy, once PostgreSQL dropped the connection mid-transaction: no SQLSTATE at all.
        assertThat(DatabaseFailures.isTransient(sql(null, "Connection is closed"))).isTrue();
        assertThat(DatabaseFailures.isTransient(sql(null, "violates a rule of the table"))).isFalse();
    }

    @Test
    void aConflictBetweenTransactionsIsTriedAgain() {
        assertThat(DatabaseFailures.isTransient(new CannotAcquireLockException("deadlock detected"))).isTrue();
        assertThat(DatabaseFailures.isTransient(sql("40001", "could not serialize access"))).isTrue();
    }

    @Test
    void aWriteTheRecordItselfBreaksIsNot() {
        assertThat(DatabaseFailures.isTransient(new DataIntegrityViolationException("violates check constraint")))
                .isFalse();
        assertThat(DatabaseFailures.isTransient(new DuplicateKeyException("duplicate key"))).isFalse();
        assertThat(DatabaseFailures.isTransient(sql("22001", "value too long for type character varying(64)")))
                .isFalse();
        assertThat(DatabaseFailures.isTransient(new IllegalStateException("a bug"))).isFalse();
    }

    private static UncategorizedSQLException sql(String state, String message) {
        return new UncategorizedSQLException("insert", "INSERT ...", new SQLException(message, state));
    }
}
