package io.genpipe.router.routing;

import io.genpipe.contracts.event.JobRequested;
import io.genpipe.router.health.ProviderHealthView;
import io.genpipe.router.health.ProviderHealthView.Availability;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the first provider, in the priority order configured for the job's operation, that is available and
 * has not been tried for this job yet.
 */
@Component
public class RoutePlanner {

    private final RoutingSettings settings;
    private final ProviderHealthView health;

    public RoutePlanner(RoutingSettings settings, ProviderHealthView health) {
        this.settings = settings;
        this.health = health;
    }

    public Optional<Route> next(JobRequested job, Set<String> tried, Instant now) {
        List<RoutingSettings.Candidate> candidates = candidatesFor(job);
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            RoutingSettings.Candidate candidate = candidates.get(i);
            if (tried.contains(candidate.provider())) {
                skipped.add(candidate.provider() + " already tried");
                continue;
            }
            Availability availability = health.availability(candidate.provider(), now);
            if (!availability.available()) {
                skipped.add(candidate.provider() + " is down (" + availability.reason() + ")");
                continue;
            }
            String reason = "priority " + (i + 1) + " of " + candidates.size() + " for " + job.operation().wireName()
                    + (skipped.isEmpty() ? "" : "; " + String.join(", ", skipped));
            return Optional.of(new Route(candidate.provider(), candidate.model(), reason));
        }
        return Optional.empty();
    }

    /** Why {@link #next} found nothing, for the job's failure reason. */
    public String whyNone(JobRequested job, Set<String> tried, Instant now) {
        List<RoutingSettings.Candidate> candidates = candidatesFor(job);
        if (candidates.isEmpty()) {
            return "no provider is configured for " + job.operation().wireName();
        }
        List<String> reasons = new ArrayList<>();
        for (RoutingSettings.Candidate candidate : candidates) {
            Availability availability = health.availability(candidate.provider(), now);
            reasons.add(candidate.provider() + (tried.contains(candidate.provider()) ? " already tried"
                    : " is down (" + availability.reason() + ")"));
        }
        return "no provider left for " + job.operation().wireName() + ": " + String.join(", ", reasons);
    }

    private List<RoutingSettings.Candidate> candidatesFor(JobRequested job) {
        return settings.operations().getOrDefault(job.operation().wireName(), List.of());
    }
}
