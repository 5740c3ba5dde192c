package io.genpipe.router.routing;

import io.genpipe.catalog.LiveCatalog;
import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.Fit;
import io.genpipe.contracts.event.JobRequested;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the first model, in the catalog's order for the job ({@link Catalog#candidates}), that can do the job as asked
 * ({@link Fit}: operation, size, count, seed, negative prompt, prompt length, not shut down), whose provider has not
 * been tried for this job and is {@link Availability available}. Every model it passes over is named with the reason,
 * so the plan explains itself: "openai: gpt-image-2 allows at most 3840x2160, asked 4096x4096".
 *
 * <p>A provider that an operator disabled, that is DOWN, that no live worker reports on (UNKNOWN: silence is not
 * health), or that the router group has put in a cooldown ({@link Availability}) is passed over for now only: when that is all that stands in the way, the plan says the job may {@link Plan#canWait wait}.
 */
@Component
public class RoutePlanner {

    private final LiveCatalog catalog;
    private final Availability availability;
    private final MeterRegistry meters;

    /** @param catalog the catalog with the shutdown dates vendors have published since start-up */
    public RoutePlanner(LiveCatalog catalog, Availability availability, MeterRegistry meters) {
        this.catalog = catalog;
        this.availability = availability;
        this.meters = meters;
    }

    /** The route for the job's next attempt, or why there is none; each candidate passed over is counted. */
    public Plan plan(JobRequested job, Set<String> tried, Instant now) {
        return plan(job, tried, now, true);
    }

    /** Whether the job could be routed now, counting nothing: asked again and again for a waiting job. */
    public boolean canRoute(JobRequested job, Set<String> tried, Instant now) {
        return plan(job, tried, now, false).route().isPresent();
    }

    private Plan plan(JobRequested job, Set<String> tried, Instant now, boolean count) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<Catalog.Entry> candidates = catalog.current().candidates(job.operation(), job.model());
        List<String> skipped = new ArrayList<>();
        boolean canWait = false;
        for (int i = 0; i < candidates.size(); i++) {
            Catalog.Entry candidate = candidates.get(i);
            String provider = candidate.provider().name();
            if (tried.contains(provider)) {
                skipped.add(provider + " already tried");
                skip(provider, "tried", count);
                continue;
            }
            Fit fit = Fit.check(candidate.model(), job.operation(), job.prompt(), job.params(), today);
            if (fit instanceof Fit.Refused refused) {
                skipped.add(provider + ": " + candidate.model().id() + " " + refused.reason());
                skip(provider, refused.field(), count);
                continue;
            }
            Optional<Availability.Unavailable> unavailable = availability.check(provider, candidate.model().id(), now,
                    count);
            if (unavailable.isPresent()) {
                skipped.add(unavailable.get().reason());
                skip(provider, unavailable.get().cause(), count);
                canWait = true;
                continue;
            }
            Fit.Fits fits = (Fit.Fits) fit;
            String reason = "priority " + (i + 1) + " of " + candidates.size() + " for " + job.operation().wireName()
                    + (skipped.isEmpty() ? "" : "; " + String.join(", ", skipped));
            return new Plan(Optional.of(new Route(provider, candidate.model().id(), reason, fits.sent(),
                    fits.adjustments())), "", false);
        }
        if (candidates.isEmpty()) {
            return new Plan(Optional.empty(), job.model() == null
                    ? "no provider is configured for " + job.operation().wireName()
                    : "no provider in the catalog has model " + job.model() + " for " + job.operation().wireName(),
                    false);
        }
        return new Plan(Optional.empty(),
                "no provider " + (canWait ? "available" : "left") + " for " + job.operation().wireName() + ": "
                        + String.join(", ", skipped), canWait);
    }

    private void skip(String provider, String cause, boolean count) {
        if (count) {
            meters.counter("genpipe.router.candidates.skipped", "provider", provider, "cause", cause).increment();
        }
    }

    /**
     * @param route   the next attempt's route, or empty
     * @param whyNone when there is none, why, naming each candidate passed over; empty otherwise
     * @param canWait when there is none: true if some candidate was passed over only because its provider is not
     *                available now (down or unknown), so the job may wait for it to recover
     */
    public record Plan(Optional<Route> route, String whyNone, boolean canWait) {
    }
}
