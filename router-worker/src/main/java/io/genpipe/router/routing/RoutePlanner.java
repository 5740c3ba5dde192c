package io.genpipe.router.routing;

import io.genpipe.catalog.LiveCatalog;
import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.Fit;
import io.genpipe.contracts.catalog.Size;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.ExperimentArm;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.RouteExplanation;
import io.genpipe.contracts.event.RoutingRequest;
import io.genpipe.router.budget.TenantBudgets;
import io.genpipe.router.observed.Observations;
import io.genpipe.router.policy.Candidate;
import io.genpipe.router.policy.PolicySettings;
import io.genpipe.router.policy.Requirements;
import io.genpipe.router.policy.Scorer;
import io.genpipe.router.policy.Weights;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Chooses the provider and model of a job's next attempt, and says why.
 *
 * <p>The job's candidates come in {@link Stages stages}: what it named (a preset, a provider, a model) or the A/B arm
 * it was assigned, then, where allowed, the operation's route. Within a stage a candidate qualifies when its provider
 * has not been tried for this job, the model can do the job as asked ({@link Fit}), meets the job's requirements
 * ({@link Requirements}) and is {@link Availability available} now. The qualifying candidates are ordered by the
 * policy ({@link Scorer}: the job's {@code prioritize}, or the operation's weights) and the best is chosen.
 *
 * <p>Every candidate passed over is named with its reason, so the plan explains itself ("openai: gpt-image-2 allows
 * at most 3840x2160, asked 4096x4096"). One passed over only because its provider is disabled, down, unknown or
 * cooling down may come back: when that is all that stands in the way, the plan says the job may
 * {@link Plan#canWait wait}.
 */
@Component
public class RoutePlanner {

    /** Estimates remembered (see {@link #costPerImage}). */
    private static final int MAX_ESTIMATES = 10_000;

    private final LiveCatalog catalog;
    private final Availability availability;
    private final PolicySettings policy;
    private final Requirements requirements;
    private final Stages stages;
    private final PlannerMeters meters;
    private final TenantBudgets budgets;
    private final Map<EstimateKey, Optional<BigDecimal>> estimates = new ConcurrentHashMap<>();

    /**
     * @param catalog the catalog with the shutdown dates vendors have published since start-up
     * @param budgets the tenants whose dispatches reserve their estimate: a model whose price is unknown cannot be
     *                reserved for, so their jobs pass it over
     */
    public RoutePlanner(LiveCatalog catalog, Availability availability, PolicySettings policy, TenantBudgets budgets,
                        MeterRegistry meters) {
        this.catalog = catalog;
        this.availability = availability;
        this.policy = policy;
        this.budgets = budgets;
        this.requirements = new Requirements(policy);
        this.stages = new Stages(policy);
        this.meters = new PlannerMeters(meters);
    }

    /**
     * The route for the job's next attempt, or why there is none; each candidate passed over is counted, and a
     * probing provider chosen has its one probe claimed.
     *
     * @param assigned the A/B arm an earlier dispatch of this job carried; {@code null} to assign one now (the same
     *                 one: assignment is a function of the job id)
     */
    public Plan plan(JobRequested job, Set<String> tried, ExperimentArm assigned, Instant now) {
        return plan(job, tried, assigned, now, true);
    }

    /** Whether the job could be routed now, counting and claiming nothing: asked again and again for a waiting job. */
    public boolean canRoute(JobRequested job, Set<String> tried, Instant now) {
        return plan(job, tried, null, now, false).route().isPresent();
    }

    /** The job's A/B arm, for an outcome decided without a dispatch: the one it had, or the one it would get. */
    public ExperimentArm experimentOf(JobRequested job, ExperimentArm assigned) {
        return stages.of(catalog.current(), job, assigned).experiment();
    }

    private Plan plan(JobRequested job, Set<String> tried, ExperimentArm assigned, Instant now, boolean real) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        RoutingRequest request = job.routingOrNone();
        Weights weights = request.prioritize() != null ? PolicySettings.weightsOf(request.prioritize())
                : policy.weightsFor(job.operation());
        Stages.Planned planned = stages.of(catalog.current(), job, assigned);
        List<RouteExplanation.Skip> skipped = new ArrayList<>();
        boolean canWait = false;
        for (Stages.Stage stage : planned.stages()) {
            List<Qualified> qualified = new ArrayList<>();
            for (int i = 0; i < stage.options().size(); i++) {
                Stages.Option option = stage.options().get(i);
                Optional<RouteExplanation.Skip> skip = qualify(job, request, option, i, stage.options().size(), tried,
                        today, now, qualified);
                if (skip.isPresent()) {
                    skipped.add(skip.get());
                    meters.skipped(skip.get(), real);
                    canWait |= Availability.isTransient(skip.get().cause());
                }
            }
            if (qualified.isEmpty()) {
                continue;
            }
            List<Scorer.Ranked> ranked = Scorer.rank(qualified.stream().map(Qualified::candidate).toList(), weights);
            Set<Integer> lostProbes = new HashSet<>();
            for (Scorer.Ranked best : ranked) {
                Qualified chosen = qualified.get(best.candidate().key());
                if (real) {
                    // Only now is a probing provider's one probe claimed: scoring looked without taking it.
                    Optional<Availability.Unavailable> lost = availability.claimProbe(chosen.provider(), now);
                    if (lost.isPresent()) {
                        RouteExplanation.Skip skip = new RouteExplanation.Skip(chosen.provider(), chosen.model().id(),
                                lost.get().cause(), lost.get().reason());
                        skipped.add(skip);
                        meters.skipped(skip, true);
                        lostProbes.add(best.candidate().key());
                        canWait = true;
                        continue;
                    }
                }
                String policyName = stage.policyName(weights);
                // The chosen one first: those ranked above it lost their probe, and are among the skipped.
                RouteExplanation explanation = new RouteExplanation(policyName, ranked.stream()
                        .filter(r -> !lostProbes.contains(r.candidate().key()))
                        .map(r -> qualified.get(r.candidate().key()).score(r.score())).toList(), skipped);
                meters.routed(stage.kind(), weights, planned.experiment(), tried.isEmpty(), real);
                return new Plan(Optional.of(new Route(chosen.provider(), chosen.model().id(),
                        reason(job, stage, weights, chosen, best, skipped), chosen.fits().sent(),
                        chosen.fits().adjustments(), explanation, planned.experiment(),
                        chosen.model().latency().p95())), "", false);
            }
        }
        return new Plan(Optional.empty(), whyNone(job, request, planned, skipped, canWait), canWait);
    }

    /** Adds the option to {@code qualified} when it qualifies; otherwise says why not. */
    private Optional<RouteExplanation.Skip> qualify(JobRequested job, RoutingRequest request, Stages.Option option,
                                                    int index, int size, Set<String> tried, LocalDate today,
                                                    Instant now, List<Qualified> qualified) {
        String provider = option.entry().provider().name();
        CatalogModel model = option.entry().model();
        if (tried.contains(provider)) {
            return Optional.of(new RouteExplanation.Skip(provider, model.id(), "tried", provider + " already tried"));
        }
        ImageParams params = job.params();
        if (params.steps() == null) {
            // The job's own steps first, then its preset's, then the operators' default for the model.
            Integer steps = option.steps() != null ? option.steps()
                    : availability.defaultSteps(provider, model.id()).orElse(null);
            if (steps != null) {
                params = params.withSteps(steps);
            }
        }
        Fit fit = Fit.check(model, job, params, today);
        if (fit instanceof Fit.Refused refused) {
            String cause = refused.field().equals("model") ? "shut-down" : "incapable";
            return Optional.of(new RouteExplanation.Skip(provider, model.id(), cause,
                    provider + ": " + model.id() + " " + refused.reason()));
        }
        Fit.Fits fits = (Fit.Fits) fit;
        Optional<BigDecimal> costPerImage = costPerImage(provider, model, fits.sent(), job.prompt().length());
        Optional<String> unmet = requirements.unmet(request, model, costPerImage);
        if (unmet.isEmpty() && costPerImage.isEmpty() && budgets.gates(job.tenantId())) {
            unmet = Optional.of("its price is unknown, and tenant " + job.tenantId() + "'s budget needs an estimate");
        }
        if (unmet.isPresent()) {
            return Optional.of(new RouteExplanation.Skip(provider, model.id(), "requirement",
                    provider + ": " + model.id() + " " + unmet.get()));
        }
        Optional<Availability.Unavailable> unavailable = availability.check(provider, model.id(), now);
        if (unavailable.isPresent()) {
            return Optional.of(new RouteExplanation.Skip(provider, model.id(), unavailable.get().cause(),
                    unavailable.get().reason()));
        }
        OptionalInt backlog = availability.backlog(provider, now);
        Optional<Observations.Observed> observed = availability.observed(provider, model.id());
        long latencyMs = observed.map(Observations.Observed::latencyMs).map(mean -> Math.round(mean))
                .orElse(model.latency().p50().toMillis());
        Candidate candidate = new Candidate(qualified.size(), index, size, costPerImage.orElse(null), latencyMs,
                model.quality(), backlog.isPresent() ? backlog.getAsInt() : null, availability.saturated(provider, now),
                observed.map(Observations.Observed::successRate).orElse(null), availability.priority(provider),
                availability.weight(provider));
        qualified.add(new Qualified(provider, model, fits, candidate));
        return Optional.empty();
    }

    /**
     * The catalog's estimate per image of what the vendor will bill; empty when the price cannot tell. Remembered
     * per model and job shape: pricing is BigDecimal arithmetic, and it showed in the router's profile, while a
     * batch's jobs mostly share a shape. The catalog's prices do not change while the router runs.
     */
    private Optional<BigDecimal> costPerImage(String provider, CatalogModel model, ImageParams sent,
                                              int promptLength) {
        EstimateKey key = new EstimateKey(provider, model.id(), sent.width(), sent.height(), sent.count(),
                promptLength);
        Optional<BigDecimal> known = estimates.get(key);
        if (known != null) {
            return known;
        }
        Optional<BigDecimal> estimate = model.estimate(new Size(sent.width(), sent.height()), sent.count(),
                promptLength).map(usd -> usd.amount().divide(BigDecimal.valueOf(sent.count()), Usd.SCALE,
                RoundingMode.HALF_UP));
        if (estimates.size() >= MAX_ESTIMATES) {
            estimates.clear(); // crude, and enough: a router sees few shapes, and a miss only costs the arithmetic
        }
        estimates.put(key, estimate);
        return estimate;
    }

    private record EstimateKey(String provider, String model, int width, int height, int count, int promptLength) {
    }

    /** The dispatch's reason in words: "priority 1 of 2 for text-to-image; fal already tried". */
    private static String reason(JobRequested job, Stages.Stage stage, Weights weights, Qualified chosen,
                                 Scorer.Ranked best, List<RouteExplanation.Skip> skipped) {
        String head = weights.equals(Weights.PRIORITY)
                ? "priority " + (best.candidate().routeIndex() + 1) + " of " + stage.options().size() + " for "
                + job.operation().wireName()
                : stage.policyName(weights) + " for " + job.operation().wireName() + ": " + chosen.provider() + " "
                + chosen.model().id() + " scored " + best.score();
        String where = weights.equals(Weights.PRIORITY) && !stage.kind().equals("route")
                ? " (" + stage.name() + ")" : "";
        return head + where + (skipped.isEmpty() ? ""
                : "; " + skipped.stream().map(RouteExplanation.Skip::reason).collect(Collectors.joining(", ")));
    }

    private static String whyNone(JobRequested job, RoutingRequest request, Stages.Planned planned,
                                  List<RouteExplanation.Skip> skipped, boolean canWait) {
        String operation = job.operation().wireName();
        if (planned.stages().stream().allMatch(stage -> stage.options().isEmpty())) {
            if (request.preset() != null) {
                return "the catalog has no preset " + request.preset().wireName() + " for " + operation
                        + (request.provider() == null ? "" : " on " + request.provider())
                        + (job.model() == null ? "" : " with model " + job.model());
            }
            if (request.provider() != null) {
                return "provider " + request.provider() + " has no " + (job.model() == null ? "model"
                        : "model " + job.model()) + " for " + operation + " in the catalog";
            }
            return job.model() == null ? "no provider is configured for " + operation
                    : "no provider in the catalog has model " + job.model() + " for " + operation;
        }
        return "no provider " + (canWait ? "available" : "left") + " for " + operation + ": "
                + skipped.stream().map(RouteExplanation.Skip::reason).collect(Collectors.joining(", "));
    }

    /** A qualifying option with what the dispatch needs if it is chosen. */
    private record Qualified(String provider, CatalogModel model, Fit.Fits fits, Candidate candidate) {

        RouteExplanation.Score score(double score) {
            return new RouteExplanation.Score(provider, model.id(), score, candidate.costPerImage(), model.quality(),
                    candidate.latencyMs(), candidate.backlog(),
                    candidate.successRate() == null ? null : Math.round(candidate.successRate() * 1000) / 1000.0);
        }
    }

    /**
     * @param route   the next attempt's route, or empty
     * @param whyNone when there is none, why, naming each candidate passed over; empty otherwise
     * @param canWait when there is none: true if some candidate was passed over only because its provider is not
     *                available now (disabled, down, unknown or cooling down), so the job may wait for it
     */
    public record Plan(Optional<Route> route, String whyNone, boolean canWait) {
    }
}
