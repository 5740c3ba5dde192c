package io.genpipe.ingress.limits;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Each tenant's jobs per minute, one permit per job, so a batch of 500 takes 500 at once or none. A request over it
 * is refused at once, never queued: the caller has the Retry-After to plan with, and no request thread waits.
 * Counted by every ingress instance together in the database ({@link ClusterMinutes}, scope {@code cluster}, the
 * default), or by this instance alone on resilience4j's rate limiter (scope {@code instance}, and while the database
 * cannot be reached).
 */
@Component
public class TenantRateLimits {

    static final String LIMITED = "genpipe.ingress.rate-limited";
    /** Jobs counted by this instance alone because the cluster's count could not be reached. */
    static final String COUNTED_ALONE = "genpipe.ingress.rate-limit.counted-alone";
    private static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration RETRY_DATABASE_AFTER = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(TenantRateLimits.class);

    private final LimitSettings settings;
    private final RateLimiterRegistry limiters = RateLimiterRegistry.ofDefaults();
    private final MeterRegistry meters;
    private final ClusterMinutes cluster;
    private final Clock clock;
    private volatile Instant databaseDownUntil = Instant.MIN;
    private volatile boolean countingAlone;

    TenantRateLimits(LimitSettings settings, MeterRegistry meters, JdbcClient jdbc, Clock clock) {
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
        this.cluster = settings.scope() == LimitSettings.Scope.CLUSTER ? new ClusterMinutes(jdbc, clock) : null;
    }

    /** @throws RateLimitedException when the tenant has fewer than {@code jobs} left in this minute */
    public void take(String tenant, int jobs) {
        int perMinute = settings.jobsPerMinute(tenant);
        if (jobs > perMinute) {
            // More than the whole window holds can never pass: say so rather than advise a retry that cannot succeed.
            refuse(tenant, jobs, perMinute, WINDOW);
        }
        if (cluster != null && clock.instant().isAfter(databaseDownUntil)) {
            Optional<Duration> wait;
            try {
                wait = cluster.take(tenant, jobs, perMinute);
            } catch (DataAccessException databaseDown) {
                // The cluster's count lives in the database; while it cannot be reached this instance counts alone
                // (N instances then allow N times the limit) rather than refuse work that needs only the broker. It
                // tries the database again after a pause, so no request waits out a connection timeout meanwhile.
                databaseDownUntil = clock.instant().plus(RETRY_DATABASE_AFTER);
                if (!countingAlone) {
                    countingAlone = true;
                    log.warn("tenant rate limits: database unavailable ({}); each instance counts alone until it is "
                            + "back", databaseDown.getMostSpecificCause().toString());
                }
                takeAlone(tenant, jobs, perMinute);
                return;
            }
            if (countingAlone) {
                countingAlone = false;
                log.info("tenant rate limits: database back, counting with the cluster again");
            }
            wait.ifPresent(left -> refuse(tenant, jobs, perMinute, left));
            return;
        }
        takeAlone(tenant, jobs, perMinute);
    }

    /** This instance's own count, on resilience4j's limiter (scope {@code instance}, or the database unavailable). */
    private void takeAlone(String tenant, int jobs, int perMinute) {
        RateLimiter limiter = limiters.rateLimiter(tenant, () -> RateLimiterConfig.custom()
                .limitForPeriod(perMinute)
                .limitRefreshPeriod(WINDOW)
                .timeoutDuration(Duration.ZERO)
                .build());
        if (!limiter.acquirePermission(jobs)) {
            long nanos = limiter instanceof AtomicRateLimiter atomic
                    ? atomic.getDetailedMetrics().getNanosToWait() : WINDOW.toNanos();
            refuse(tenant, jobs, perMinute, Duration.ofNanos(nanos));
        }
        if (cluster != null) {
            meters.counter(COUNTED_ALONE).increment(jobs);
        }
    }

    private void refuse(String tenant, int jobs, int perMinute, Duration wait) {
        meters.counter(LIMITED).increment(jobs);
        throw new RateLimitedException(tenant, jobs, perMinute, wait.compareTo(Duration.ofSeconds(1)) < 0
                ? Duration.ofSeconds(1) : wait);
    }
}
