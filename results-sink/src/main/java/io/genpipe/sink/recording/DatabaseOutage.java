package io.genpipe.sink.recording;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the database is taking the sink's writes. While it is not, the listeners hand their records back and wait,
 * paused, for longer each time ({@code genpipe.sink.outage-backoff}); nothing is skipped or sent to the DLQ. One line
 * says when recording stopped and one when it resumed, never a stack trace per record.
 *
 * <p>Health ({@code recording}) is DOWN from the first failed write until one succeeds. Metrics:
 * {@code genpipe.sink.recording.paused} (1 while waiting), {@code genpipe.sink.recording.outages} (each outage) and
 * {@code genpipe.sink.recording.retries} (each poll handed back to wait).
 */
@Component("recording")
public class DatabaseOutage implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);

    private final SinkSettings.Backoff backoff;
    private final Clock clock;
    private final MeterRegistry meters;
    /**
     * Failed writes in a row, per listener: each listener backs off on its own count, so four listeners failing
     * together each wait initial, 2x, 4x..., not four times faster than one would.
     */
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private volatile Instant since;
    private volatile String cause;

    DatabaseOutage(SinkSettings settings, Clock clock, MeterRegistry meters) {
        this.backoff = settings.outageBackoff();
        this.clock = clock;
        this.meters = meters;
        meters.gauge("genpipe.sink.recording.paused", this, outage -> outage.since == null ? 0 : 1);
    }

    /**
     * A write failed because the database could not take it.
     *
     * @param listener which listener's write: the events it records (e.g. {@code AttemptResult})
     * @return how long the listener waits before its records come back
     */
    synchronized Duration failed(String listener, Throwable failure) {
        long failed = failures.computeIfAbsent(listener, name -> new AtomicLong()).incrementAndGet();
        meters.counter("genpipe.sink.recording.retries").increment();
        if (since == null) {
            since = clock.instant();
            cause = summary(failure);
            meters.counter("genpipe.sink.recording.outages").increment();
            log.warn("database unavailable ({}): recording paused, the records wait in Kafka and are retried every"
                    + " {} to {}", cause, backoff.initial(), backoff.max());
        }
        return backoff.after(failed);
    }

    /** A write went through: the outage, if there was one, is over. */
    void succeeded() {
        if (since == null) {
            return;
        }
        synchronized (this) {
            if (since != null) {
                log.info("database available again: recording resumed after {}",
                        Duration.between(since, clock.instant()).withNanos(0));
                since = null;
                cause = null;
                failures.clear();
            }
        }
    }

    @Override
    public Health health() {
        Instant down = since;
        return down == null ? Health.up().build()
                : Health.down().withDetail("since", down.toString()).withDetail("cause", cause).build();
    }

    /** The class and message of the deepest cause: "PSQLException: Connection to 127.0.0.1:5432 refused". */
    static String summary(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
