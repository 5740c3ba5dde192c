package io.genpipe.router.routing;

import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.Fit;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.messaging.health.ProviderHealthView;
import io.genpipe.messaging.health.ProviderHealthView.ProviderStatus;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the first model, in the catalog's route order for the job's operation, that can do the job as asked
 * ({@link Fit}: operation, size, count, seed, negative prompt, prompt length, not shut down), whose provider is not
 * reported DOWN and has not been tried for this job. Every model it passes over is named with the reason, so the
 * plan explains itself: "openai: gpt-image-2 allows at most 3840x2160, asked 4096x4096".
 */
@Component
public class RoutePlanner {

    private final Catalog catalog;
    private final ProviderHealthView health;

    public RoutePlanner(Catalog catalog, ProviderHealthView health) {
        this.catalog = catalog;
        this.health = health;
    }

    public Optional<Route> next(JobRequested job, Set<String> tried, Instant now) {
        Plan plan = plan(job, tried, now);
        return plan.route();
    }

    /** Why {@link #next} found nothing, for the job's failure reason. */
    public String whyNone(JobRequested job, Set<String> tried, Instant now) {
        Plan plan = plan(job, tried, now);
        if (plan.considered() == 0) {
            return job.model() == null ? "no provider is configured for " + job.operation().wireName()
                    : "no route for " + job.operation().wireName() + " uses model " + job.model();
        }
        return "no provider left for " + job.operation().wireName() + ": " + String.join(", ", plan.skipped());
    }

    private Plan plan(JobRequested job, Set<String> tried, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<Catalog.Entry> candidates = catalog.route(job.operation()).stream()
                .filter(entry -> job.model() == null || entry.model().id().equals(job.model()))
                .toList();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Catalog.Entry candidate = candidates.get(i);
            String provider = candidate.provider().name();
            if (tried.contains(provider)) {
                skipped.add(provider + " already tried");
                continue;
            }
            Fit fit = Fit.check(candidate.model(), job.operation(), job.prompt(), job.params(), today);
            if (fit instanceof Fit.Refused refused) {
                skipped.add(provider + ": " + candidate.model().id() + " " + refused.reason());
                continue;
            }
            // A provider no live worker reports on is still tried (its dispatch waits on the topic); issue #11's
            // stateful router is what stops waiting on workers that do not exist.
            ProviderStatus status = health.status(provider, now);
            if (status.isDown()) {
                skipped.add(provider + " is down (" + status.reason() + ")");
                continue;
            }
            Fit.Fits fits = (Fit.Fits) fit;
            String reason = "priority " + (i + 1) + " of " + candidates.size() + " for " + job.operation().wireName()
                    + (skipped.isEmpty() ? "" : "; " + String.join(", ", skipped));
            return new Plan(Optional.of(new Route(provider, candidate.model().id(), reason, fits.sent(),
                    fits.adjustments())), skipped, candidates.size());
        }
        return new Plan(Optional.empty(), skipped, candidates.size());
    }

    private record Plan(Optional<Route> route, List<String> skipped, int considered) {
    }
}
