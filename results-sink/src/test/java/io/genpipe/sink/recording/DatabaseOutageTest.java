package io.genpipe.sink.recording;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseOutageTest {

    private static final RuntimeException DOWN = new DataAccessResourceFailureException("connection refused");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DatabaseOutage outage = new DatabaseOutage(new SinkSettings(30_000, 500,
            new SinkSettings.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30))), Clock.systemUTC(), meters);

    @Test
    void eachListenerBacksOffOnItsOwnFailuresNotOnEveryListeners() {
        assertThat(outage.failed("JobRequested", DOWN)).isEqualTo(Duration.ofSeconds(1));
        assertThat(outage.failed("AttemptResult", DOWN)).isEqualTo(Duration.ofSeconds(1));
        assertThat(outage.failed("JobOutcome", DOWN)).isEqualTo(Duration.ofSeconds(1));
        assertThat(outage.failed("JobRequested", DOWN)).isEqualTo(Duration.ofSeconds(2));
        assertThat(outage.failed("JobRequested", DOWN)).isEqualTo(Duration.ofSeconds(4));
        assertThat(outage.failed("AttemptResult", DOWN)).isEqualTo(Duration.ofSeconds(2));
        assertThat(meters.counter("genpipe.sink.recording.outages").count()).as("one outage").isEqualTo(1);
        assertThat(outage.health().getStatus().getCode()).isEqualTo("DOWN");
    }

    @Test
    void aWriteThatGoesThroughEndsTheOutageAndEveryCount() {
        outage.failed("JobRequested", DOWN);
        outage.failed("JobRequested", DOWN);
        outage.succeeded();

        assertThat(outage.health().getStatus().getCode()).isEqualTo("UP");
        assertThat(outage.failed("JobRequested", DOWN)).isEqualTo(Duration.ofSeconds(1));
        assertThat(meters.counter("genpipe.sink.recording.outages").count()).isEqualTo(2);
    }
}
