package io.genpipe.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL runs as a daemon, not as a child that dies with this JVM: when a local run is killed hard
 * (kill -9, a crashed IDE), its postmaster lives on, holding the port and the data directory, and the next
 * start fails. This stops such a leftover before starting again on the same kept directory.
 */
final class OrphanedPostgres {

    private static final Logger log = LoggerFactory.getLogger(OrphanedPostgres.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private OrphanedPostgres() {
    }

    /** Stops the postmaster recorded in {@code dataDir/postmaster.pid} if that process is a running postgres. */
    static void stopIfRunning(Path dataDir) {
        recordedPid(dataDir)
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(OrphanedPostgres::isPostgres)
                .ifPresent(process -> stop(process, dataDir));
    }

    private static Optional<Long> recordedPid(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            // An unreadable pid file is PostgreSQL's to judge when it starts; it reports it clearly.
            return Optional.empty();
        }
    }

    /** The pid file may be stale and its number reused by an unrelated process, which must be left alone. */
    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(command -> command.endsWith("/postgres")).orElse(false);
    }

    private static void stop(ProcessHandle process, Path dataDir) {
        log.warn("Stopping PostgreSQL (pid {}) left running on {} by an earlier run", process.pid(), dataDir);
        // SIGTERM: PostgreSQL's "smart" shutdown, which finishes at once as nobody is connected to an orphan
        // except idle pool connections of the dead JVM, and those are gone with its sockets.
        process.destroy();
        try {
            process.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException("PostgreSQL (pid " + process.pid() + ") on " + dataDir
                    + " did not stop; stop it by hand", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping an orphaned PostgreSQL", e);
        }
    }
}
