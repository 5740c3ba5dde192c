package io.genpipe.ingress.limits;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Each tenant's jobs per minute, on resilience4j's rate limiter: a window of a minute holding the tenant's limit in
 * permits, one per job, so a batch of 500 takes 500 at once or none. A request over it is refused at once, never
 * queued: the caller has the Retry-After to plan with, and no request thread waits.
 */
@Component
public class TenantRateLimits {

    static final String LIMITED = "genpipe.ingress.rate-limited";
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final LimitSettings settings;
    private final RateLimiterRegistry limiters = RateLimiterRegistry.ofDefaults();
    private final MeterRegistry meters;

    TenantRateLimits(LimitSettings settings, MeterRegistry meters) {
        this.settings = settings;
        this.meters = meters;
    }

    /** @throws RateLimitedException when the tenant has fewer than {@code jobs} left in this minute */
    public void take(String tenant, int jobs) {
        int perMinute = settings.jobsPerMinute(tenant);
        RateLimiter limiter = limiters.rateLimiter(tenant, () -> RateLimiterConfig.custom()
                .limitForPeriod(perMinute)
                .limitRefreshPeriod(WINDOW)
                .timeoutDuration(Duration.ZERO)
                .build());
        // More than the whole window holds can never pass: say so rather than advise a retry that cannot succeed.
        if (jobs > perMinute || !limiter.acquirePermission(jobs)) {
            meters.counter(LIMITED).increment(jobs);
            long nanos = limiter instanceof AtomicRateLimiter atomic
                    ? atomic.getDetailedMetrics().getNanosToWait() : WINDOW.toNanos();
            throw new RateLimitedException(tenant, jobs, perMinute, Duration.ofNanos(Math.max(nanos, 1_000_000_000L)));
        }
    }
}
