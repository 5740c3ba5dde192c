package io.genpipe.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresDatabaseIT {

    private static EmbeddedPostgresDatabase postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = EmbeddedPostgresDatabase.start("127.0.0.1", 0, null);
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    void answersSelectOneOnTheLoopbackAddress() throws SQLException {
        assertThat(postgres.jdbcUrl("postgres")).isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres");

        assertThat(selectOne(postgres.jdbcUrl("postgres"))).isEqualTo(1);
    }

    @Test
    void createsADatabaseOnceAndToleratesBeingAskedAgain() throws SQLException {
        postgres.createDatabase("orders_idempotent");
        execute(postgres.jdbcUrl("orders_idempotent"), "CREATE TABLE marker (id int)");

        postgres.createDatabase("orders_idempotent");

        // Still the same database: the table created after the first call is there.
        assertThat(count(postgres.jdbcUrl("orders_idempotent"), "SELECT count(*) FROM marker")).isZero();
    }

    @Test
    void refusesDatabaseNamesThatWouldNeedQuoting() {
        assertThatIllegalArgumentException().isThrownBy(() -> postgres.createDatabase("x; DROP DATABASE postgres"));
        assertThatIllegalArgumentException().isThrownBy(() -> postgres.createDatabase("Upper"));
    }

    @Test
    void keepsItsDataWhenRestartedOnTheSameDataDirectory(@TempDir Path dataDir) throws SQLException {
        try (EmbeddedPostgresDatabase first = EmbeddedPostgresDatabase.start("127.0.0.1", 0, dataDir)) {
            first.createDatabase("kept");
            execute(first.jdbcUrl("kept"), "CREATE TABLE job (id int); INSERT INTO job VALUES (7)");
        }

        try (EmbeddedPostgresDatabase second = EmbeddedPostgresDatabase.start("127.0.0.1", 0, dataDir)) {
            assertThat(count(second.jdbcUrl("kept"), "SELECT count(*) FROM job WHERE id = 7")).isEqualTo(1);
        }
    }

    private int selectOne(String url) throws SQLException {
        return count(url, "SELECT 1");
    }

    private int count(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, postgres.username(), postgres.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private void execute(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, postgres.username(), postgres.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
