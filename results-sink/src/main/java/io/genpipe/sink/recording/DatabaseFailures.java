package io.genpipe.sink.recording;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Tells a database that cannot take writes now (down, restarting, out of connections, a deadlock or a serialization
 * conflict) from a write that can never succeed (a constraint the record breaks). The first is waited out, with the
 * records kept; only the second sends a record to the DLQ.
 */
final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** Whether trying the same write again later may succeed. */
    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof TransientDataAccessException || cause instanceof RecoverableDataAccessException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && (transientState(sql.getSQLState()) || closedConnection(sql))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The pool's own word for a connection the server dropped under it ("Connection is closed"), which carries no
     * SQLSTATE: seen when PostgreSQL stops while a transaction holds the connection. The server is away, not the
     * record at fault.
     */
    private static boolean closedConnection(SQLException sql) {
        return sql.getSQLState() == null && sql.getMessage() != null
                && sql.getMessage().startsWith("Connection is closed");
    }

    /**
     * PostgreSQL's SQLSTATE classes for a server that is unreachable or going away (08 connection exception, 57P
     * operator intervention such as a shutdown), out of resources (53), or a conflict between transactions (40).
     */
    private static boolean transientState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")
                || state.startsWith("40"));
    }
}
