package io.genpipe.router.routing;

import io.genpipe.catalog.LiveCatalog;
import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.Fit;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.messaging.health.ProviderHealthView;
import io.genpipe.messaging.health.ProviderHealthView.ProviderStatus;
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
 * ({@link Fit}: operation, size, count, seed, negative prompt, prompt length, not shut down), whose provider is not
 * reported DOWN and has not been tried for this job. Every model it passes over is named with the reason, so the
 * plan explains itself: "openai: gpt-image-2 allows at most 3840x2160, asked 4096x4096".
 */
@Component
public class RoutePlanner {

    private final LiveCatalog catalog;
    private final ProviderHealthView health;
    private final MeterRegistry meters;

    /** @param catalog the catalog with the shutdown dates vendors have published since start-up */
    public RoutePlanner(LiveCatalog catalog, ProviderHealthView health, MeterRegistry meters) {
        this.catalog = catalog;
        this.health = health;
        this.meters = meters;
    }

    /** The route for the job's next attempt, or why there is none; each candidate passed over is counted. */
    public Plan plan(JobRequested job, Set<String> tried, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<Catalog.Entry> candidates = catalog.current().candidates(job.operation(), job.model());
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Catalog.Entry candidate = candidates.get(i);
            String provider = candidate.provider().name();
            if (tried.contains(provider)) {
                skipped.add(provider + " already tried");
                skip(provider, "tried");
                continue;
            }
            Fit fit = Fit.check(candidate.model(), job.operation(), job.prompt(), job.params(), today);
            if (fit instanceof Fit.Refused refused) {
                skipped.add(provider + ": " + candidate.model().id() + " " + refused.reason());
                skip(provider, refused.field());
                continue;
            }
            // A provider no live worker reports on is still tried (its dispatch waits on the topic); issue #11's
            // stateful router is what stops waiting on workers that do not exist.
            ProviderStatus status = health.status(provider, now);
            if (status.isDown()) {
                skipped.add(provider + " is down (" + status.reason() + ")");
                skip(provider, "down");
                continue;
            }
            Fit.Fits fits = (Fit.Fits) fit;
            String reason = "priority " + (i + 1) + " of " + candidates.size() + " for " + job.operation().wireName()
                    + (skipped.isEmpty() ? "" : "; " + String.join(", ", skipped));
            return new Plan(Optional.of(new Route(provider, candidate.model().id(), reason, fits.sent(),
                    fits.adjustments())), "");
        }
        if (candidates.isEmpty()) {
            return new Plan(Optional.empty(), job.model() == null
                    ? "no provider is configured for " + job.operation().wireName()
                    : "no provider in the catalog has model " + job.model() + " for " + job.operation().wireName());
        }
        return new Plan(Optional.empty(),
                "no provider left for " + job.operation().wireName() + ": " + String.join(", ", skipped));
    }

    private void skip(String provider, String cause) {
        meters.counter("genpipe.router.candidates.skipped", "provider", provider, "cause", cause).increment();
    }

    /**
     * @param route   the next attempt's route, or empty
     * @param whyNone when there is none, why, naming each candidate passed over; empty otherwise
     */
    public record Plan(Optional<Route> route, String whyNone) {
    }
}
