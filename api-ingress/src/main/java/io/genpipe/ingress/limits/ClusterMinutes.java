package io.genpipe.ingress.limits;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Each tenant's jobs in the current UTC minute, in the ingress's database ({@code ingress.tenant_minutes}), shared by
 * every ingress instance. One statement takes the permits: it inserts the minute's row, or raises it, only while the
 * sum stays within the limit, and the row lock orders instances that race for the last permits. A fixed window: a
 * tenant may send its limit at the end of one minute and again at the start of the next.
 */
final class ClusterMinutes {

    private static final String TAKE = """
            INSERT INTO ingress.tenant_minutes (tenant, minute_start, jobs) VALUES (:tenant, :minute, :jobs)
            ON CONFLICT (tenant, minute_start) DO UPDATE SET jobs = tenant_minutes.jobs + excluded.jobs
                WHERE tenant_minutes.jobs + excluded.jobs <= :limit
            RETURNING jobs""";

    private final JdbcClient jdbc;
    private final Clock clock;
    /** The minute this instance last deleted older rows in, so that happens once a minute, not per request. */
    private final AtomicReference<Instant> swept = new AtomicReference<>(Instant.EPOCH);

    ClusterMinutes(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * @return empty when the tenant had {@code jobs} left in this minute (now taken); otherwise how long until the
     *         next minute begins
     */
    Optional<Duration> take(String tenant, int jobs, int perMinute) {
        Instant now = clock.instant();
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        sweepBefore(minute);
        boolean taken = jdbc.sql(TAKE)
                .param("tenant", tenant)
                .param("minute", Timestamp.from(minute))
                .param("jobs", jobs)
                .param("limit", perMinute)
                .query(Integer.class)
                .optional()
                .isPresent();
        return taken ? Optional.empty()
                : Optional.of(Duration.between(now, minute.plus(Duration.ofMinutes(1))));
    }

    private void sweepBefore(Instant minute) {
        Instant last = swept.get();
        if (last.isBefore(minute) && swept.compareAndSet(last, minute)) {
            jdbc.sql("DELETE FROM ingress.tenant_minutes WHERE minute_start < :minute")
                    .param("minute", Timestamp.from(minute))
                    .update();
        }
    }
}
