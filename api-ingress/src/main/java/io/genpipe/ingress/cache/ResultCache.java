package io.genpipe.ingress.cache;

import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.JobSucceeded;
import io.genpipe.ingress.housekeeping.ExpiringRows;
import io.genpipe.ingress.outcomes.OutcomeWaiters;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Seeds 000 and 002's result cache: an identical request ({@link CacheKey}: a fixed seed, the same normalized prompt,
 * parameters, model and inputs) of the same tenant, from a client that allows it ({@link CacheControl}), is answered
 * with an earlier job that succeeded within the client's max-age, and no new job is made, routed or billed.
 * The cache lives in the ingress's database, so every instance answers from it; a job is marked succeeded by the
 * instance that submitted it when its outcome arrives (within {@link #FILL_WINDOW}). Counted in
 * {@code genpipe.ingress.cache{result=hit|miss}}: the hit rate.
 */
@Component
public class ResultCache implements ExpiringRows {

    static final String METER = "genpipe.ingress.cache";
    /** How long the submitting instance listens for a cached job's outcome; a later one is simply not cached. */
    static final Duration FILL_WINDOW = Duration.ofMinutes(30);
    private static final Logger log = LoggerFactory.getLogger(ResultCache.class);

    private final JdbcClient jdbc;
    private final OutcomeWaiters outcomes;
    private final Clock clock;
    private final MeterRegistry meters;

    ResultCache(JdbcClient jdbc, OutcomeWaiters outcomes, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.outcomes = outcomes;
        this.clock = clock;
        this.meters = meters;
    }

    /** The job that answers {@code job} from the cache: one of the same key that succeeded within {@code maxAge}. */
    public Optional<String> lookup(JobRequested job, String key, Duration maxAge) {
        Optional<String> hit;
        try {
            hit = jdbc.sql("""
                            SELECT job_id FROM ingress.result_cache
                            WHERE tenant_id = :tenant AND cache_key = :key AND succeeded_at >= :youngest""")
                    .param("tenant", job.tenantId())
                    .param("key", key)
                    .param("youngest", Timestamp.from(clock.instant().minus(maxAge)))
                    .query(String.class)
                    .optional();
        } catch (DataAccessException databaseDown) {
            // A cache that cannot be read is a miss: the job is made as if the client had not allowed the cache.
            hit = Optional.empty();
        }
        meters.counter(METER, "result", hit.isPresent() ? "hit" : "miss").increment();
        return hit;
    }

    /**
     * {@code job} was published under {@code key}: it answers the next identical requests once it has succeeded. Called
     * after the publish, so that a job the broker refused is never remembered; an outcome that beat this call (a job
     * takes a route, a worker and a vendor call, a second or more) is only a miss for the next request.
     */
    public void remember(JobRequested job, String key) {
        Instant now = clock.instant();
        try {
            insert(job, key, now);
        } catch (DataAccessException databaseDown) {
            // The job is published already: not caching it only costs the next identical request a new job.
            log.debug("job {} not cached: {}", job.jobId(), databaseDown.getMostSpecificCause().toString());
            return;
        }
        listenForOutcome(job.jobId());
    }

    private void insert(JobRequested job, String key, Instant now) {
        jdbc.sql("""
                        INSERT INTO ingress.result_cache (tenant_id, cache_key, job_id, created_at, succeeded_at)
                        VALUES (:tenant, :key, :job, :now, NULL)
                        ON CONFLICT (tenant_id, cache_key) DO UPDATE
                            SET job_id = excluded.job_id, created_at = excluded.created_at, succeeded_at = NULL""")
                .param("tenant", job.tenantId())
                .param("key", key)
                .param("job", job.jobId())
                .param("now", Timestamp.from(now))
                .update();
    }

    private void listenForOutcome(String jobId) {
        CompletableFuture<JobOutcome> outcome;
        try {
            outcome = outcomes.register(jobId);
        } catch (IllegalStateException alreadyWaitedOn) {
            // The same job id submitted twice: its first submission already listens for the outcome.
            return;
        }
        outcome.orTimeout(FILL_WINDOW.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ended, error) -> {
                    if (error != null) {
                        outcomes.remove(jobId);
                    } else if (ended instanceof JobSucceeded succeeded) {
                        succeeded(succeeded);
                    }
                });
    }

    @Override
    public String what() {
        return "result cache rows";
    }

    @Override
    public Duration purgeEvery() {
        return Duration.ofMinutes(10);
    }

    /** A row older than the longest max-age plus the fill window can answer no one. */
    @Override
    public int purgeExpired() {
        return jdbc.sql("DELETE FROM ingress.result_cache WHERE created_at < :expiredBefore")
                .param("expiredBefore", Timestamp.from(clock.instant().minus(CacheControl.LONGEST).minus(FILL_WINDOW)))
                .update();
    }

    private void succeeded(JobSucceeded outcome) {
        try {
            jdbc.sql("UPDATE ingress.result_cache SET succeeded_at = :at WHERE job_id = :job AND tenant_id = :tenant")
                    .param("at", Timestamp.from(outcome.occurredAt()))
                    .param("job", outcome.jobId())
                    .param("tenant", outcome.tenantId())
                    .update();
        } catch (RuntimeException e) {
            // Not cached, which only costs a later identical request a new job.
            log.warn("could not mark job {} in the result cache: {}", outcome.jobId(), e.toString());
        }
    }
}
