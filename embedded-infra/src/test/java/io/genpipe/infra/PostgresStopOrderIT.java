package io.genpipe.infra;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM that owns its PostgreSQL (the local run, the shared test infrastructure) stops it when it chooses, after the
 * services that use it: nothing else stops it as the JVM exits. zonky's own shutdown hook did, at the same moment as
 * the owner's, and the sink lost its database while still recording.
 */
class PostgresStopOrderIT {

    private static final Pattern QUERIES = Pattern.compile(PostgresStoppedByOwnerChild.QUERIES
            + " answered=(\\d+) failed=(\\d+)");

    @Test
    void theDatabaseAnswersUntilItsOwnerStopsItAsTheJvmExits() throws IOException, InterruptedException {
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                PostgresStoppedByOwnerChild.class.getName())
                .redirectErrorStream(true)
                .start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child JVM exits").isTrue();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        Matcher queries = QUERIES.matcher(output);
        assertThat(queries.find()).as(output).isTrue();
        assertThat(Integer.parseInt(queries.group(2))).as("queries refused while the JVM exited").isZero();
        assertThat(Integer.parseInt(queries.group(1))).as("queries answered").isPositive();
        assertThat(child.exitValue()).isZero();
    }
}
