package io.genpipe.infra;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Started by {@link PostgresStopOrderIT} as a separate JVM: PostgreSQL stopped by its owner, whose shutdown hook first
 * does what a service still recording does while the JVM exits (its last writes, here queries for a second), then
 * stops the database, and says how the queries went.
 */
public final class PostgresStoppedByOwnerChild {

    static final String READY = "CHILD-POSTGRES-READY";
    static final String QUERIES = "QUERIES-DURING-STOP";

    private PostgresStoppedByOwnerChild() {
    }

    public static void main(String[] args) {
        EmbeddedPostgresDatabase postgres = EmbeddedPostgresDatabase.startStoppedByOwner("127.0.0.1", 0, null);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int answered = 0;
            int failed = 0;
            long until = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < until) {
                try (Connection connection = postgres.connect("postgres");
                     Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT 1")) {
                    answered += rows.next() ? 1 : 0;
                } catch (SQLException e) {
                    failed++;
                }
            }
            System.out.println(QUERIES + " answered=" + answered + " failed=" + failed);
            System.out.flush();
            postgres.close();
        }, "owner-stop"));
        System.out.println(READY);
        System.out.flush();
        System.exit(0);
    }
}
