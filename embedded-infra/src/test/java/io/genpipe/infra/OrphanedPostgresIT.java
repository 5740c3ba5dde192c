package io.genpipe.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphanedPostgresIT {

    @Test
    void startsOnADataDirectoryWhosePostgresOutlivedAKilledJvm(@TempDir Path dataDir) throws Exception {
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                PostgresInChildJvm.class.getName(), dataDir.toString())
                .redirectErrorStream(true)
                .start();
        CompletableFuture.runAsync(() -> awaitReadyLine(child)).get(120, TimeUnit.SECONDS);
        child.destroyForcibly().onExit().get(30, TimeUnit.SECONDS);
        long orphanPid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        assertThat(ProcessHandle.of(orphanPid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

        try (EmbeddedPostgresDatabase restarted = EmbeddedPostgresDatabase.start("127.0.0.1", 0, dataDir);
                Connection connection = restarted.connect("postgres");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT 1")) {
            assertThat(rows.next()).isTrue();
            assertThat(ProcessHandle.of(orphanPid).filter(ProcessHandle::isAlive)).isEmpty();
        }
    }

    private static void awaitReadyLine(Process child) {
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                if (line.equals(PostgresInChildJvm.READY)) {
                    return;
                }
            }
            throw new IllegalStateException("child JVM exited before PostgreSQL was ready");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
