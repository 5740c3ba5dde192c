package io.genpipe.bench.sink;

import io.genpipe.infra.EmbeddedPostgresDatabase;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Where PostgreSQL spent a run's time, statement by statement ({@code --pg-statements=N}): pg_stat_statements, which
 * the embedded server's binaries ship, loaded at start and read per run's database after the run. It costs the server
 * a little time per statement, so runs with it are for finding the costly statements, not for the figures.
 */
final class ServerStatements {

    static final Map<String, String> SERVER_CONFIG = Map.of(
            "shared_preload_libraries", "pg_stat_statements",
            "pg_stat_statements.track", "all",
            "pg_stat_statements.track_planning", "on");

    private static final String MAINTENANCE_DATABASE = "postgres";

    private ServerStatements() {
    }

    static void enable(EmbeddedPostgresDatabase postgres) {
        try (Connection connection = postgres.connect(MAINTENANCE_DATABASE);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot enable pg_stat_statements: " + e.getMessage(), e);
        }
    }

    /** The {@code limit} statements of {@code database} that took the most execution and planning time. */
    static void print(EmbeddedPostgresDatabase postgres, String database, int limit, PrintStream out) {
        String sql = """
                SELECT s.calls, s.rows, s.total_exec_time, s.total_plan_time, s.shared_blks_dirtied, s.wal_bytes,
                       regexp_replace(s.query, '\\s+', ' ', 'g') AS query
                FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                WHERE d.datname = ?
                ORDER BY s.total_exec_time + s.total_plan_time DESC LIMIT ?""";
        try (Connection connection = postgres.connect(MAINTENANCE_DATABASE);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, database);
            statement.setInt(2, limit);
            out.printf("  %8s %9s %9s %9s %9s %11s  %s%n", "calls", "rows", "exec ms", "plan ms", "dirtied",
                    "wal bytes", "statement");
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String query = rows.getString("query");
                    out.printf("  %,8d %,9d %,9.0f %,9.0f %,9d %,11d  %s%n", rows.getLong("calls"), rows.getLong("rows"),
                            rows.getDouble("total_exec_time"), rows.getDouble("total_plan_time"),
                            rows.getLong("shared_blks_dirtied"), rows.getLong("wal_bytes"),
                            query.length() > 160 ? query.substring(0, 160) + "…" : query);
                }
            }
        } catch (SQLException e) {
            out.println("  pg_stat_statements not readable: " + e.getMessage());
        }
    }
}
