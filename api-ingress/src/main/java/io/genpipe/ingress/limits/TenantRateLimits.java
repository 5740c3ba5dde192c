package io.genpipe.ingress.limits;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;

/**
 * Each tenant's jobs per minute, one permit per job, so a batch of 500 takes 500 at once or none. A request over it
 * is refused at once, never queued: the caller has the Retry-After to plan with, and no request thread waits.
 * Counted by every ingress instance together in the database ({@link ClusterMinutes}, scope {@code cluster}, the
 * default), or by this instance alone on resilience4j's rate limiter (scope {@code instance}).
 */
@Component
public class TenantRateLimits {

    static final String LIMITED = "genpipe.ingress.rate-limited";
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final LimitSettings settings;
    private final RateLimiterRegistry limiters = RateLimiterRegistry.ofDefaults();
    private final MeterRegistry meters;
    private final ClusterMinutes cluster;

    TenantRateLimits(LimitSettings settings, MeterRegistry meters, JdbcClient jdbc, Clock clock) {
        this.settings = settings;
        this.meters = meters;
        this.cluster = settings.scope() == LimitSettings.Scope.CLUSTER ? new ClusterMinutes(jdbc, clock) : null;
    }

    /** @throws RateLimitedException when the tenant has fewer than {@code jobs} left in this minute */
    public void take(String tenant, int jobs) {
        int perMinute = settings.jobsPerMinute(tenant);
        if (jobs > perMinute) {
            // More than the whole window holds can never pass: say so rather than advise a retry that cannot succeed.
            refuse(tenant, jobs, perMinute, WINDOW);
        }
        if (cluster != null) {
            cluster.take(tenant, jobs, perMinute).ifPresent(wait -> refuse(tenant, jobs, perMinute, wait));
            return;
        }
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
    }

    private void refuse(String tenant, int jobs, int perMinute, Duration wait) {
        meters.counter(LIMITED).increment(jobs);
        throw new RateLimitedException(tenant, jobs, perMinute, wait.compareTo(Duration.ofSeconds(1)) < 0
                ? Duration.ofSeconds(1) : wait);
    }
}
