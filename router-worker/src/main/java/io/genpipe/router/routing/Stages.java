package io.genpipe.router.routing;

import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.event.ExperimentArm;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RoutingRequest;
import io.genpipe.router.policy.ExperimentSettings;
import io.genpipe.router.policy.PolicySettings;
import io.genpipe.router.policy.Weights;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a job's candidates come from, in the order they are tried:
 * <ol>
 *   <li>what the job named: a quality preset's models (with their steps), a provider, a model, or a combination;
 *       then, only if the job allows {@code fallback}, the operation's route;</li>
 *   <li>for a job that asks nothing of its routing and falls in an A/B experiment: its arm's provider (and model),
 *       then the route; the control arm is the route itself;</li>
 *   <li>otherwise the route (seed 003's priority list for the operation).</li>
 * </ol>
 * A later stage is looked at only when no candidate of the earlier ones qualifies.
 */
final class Stages {

    private final PolicySettings policy;

    Stages(PolicySettings policy) {
        this.policy = policy;
    }

    Planned of(Catalog catalog, JobRequested job, ExperimentArm assigned) {
        RoutingRequest request = job.routingOrNone();
        Operation operation = job.operation();
        boolean named = request.preset() != null || request.provider() != null || job.model() != null;
        if (named) {
            Stage first = named(catalog, job, request);
            if (!request.fallbackAllowed()) {
                return new Planned(List.of(first), null);
            }
            List<Option> rest = options(catalog.route(operation)).stream()
                    .filter(option -> !first.contains(option.entry())).toList();
            return new Planned(List.of(first, new Stage("fallback", "fallback after " + first.name(), rest)), null);
        }
        // Only a job that asks nothing of its routing is split: one that states a priority or a requirement gets it.
        Optional<Assignment> assignment = request.equals(RoutingRequest.NONE) || assigned != null
                ? assignment(job, assigned) : Optional.empty();
        Stage route = new Stage("route", "route", options(catalog.route(operation)));
        if (assignment.isEmpty()) {
            return new Planned(List.of(route), null);
        }
        ExperimentArm arm = assignment.get().arm();
        String name = "experiment " + arm.experiment() + " arm " + arm.arm();
        Optional<ExperimentSettings.Arm> settings = assignment.get().settings();
        if (settings.isEmpty() || settings.get().isControl()) {
            return new Planned(List.of(new Stage("experiment", name, route.options())), arm);
        }
        Stage armStage = new Stage("experiment", name, armOptions(catalog, operation, settings.get()));
        return new Planned(List.of(armStage, new Stage("fallback", "fallback after " + name, route.options())), arm);
    }

    private static Stage named(Catalog catalog, JobRequested job, RoutingRequest request) {
        List<Option> options;
        List<String> words = new ArrayList<>();
        if (request.preset() != null) {
            options = catalog.preset(job.operation(), request.preset()).stream()
                    .map(entry -> new Option(entry.entry(), entry.steps())).toList();
            words.add("preset " + request.preset().wireName());
        } else if (request.provider() != null) {
            options = options(catalog.providerCandidates(job.operation(), request.provider(), job.model()));
        } else {
            options = options(catalog.candidates(job.operation(), job.model()));
        }
        if (job.model() != null) {
            options = options.stream().filter(option -> option.entry().model().id().equals(job.model())).toList();
            words.add(0, "model " + job.model());
        }
        if (request.provider() != null) {
            options = options.stream()
                    .filter(option -> option.entry().provider().name().equals(request.provider())).toList();
            words.add("provider " + request.provider());
        }
        String kind = request.preset() != null ? "preset" : request.provider() != null ? "provider" : "model";
        return new Stage(kind, String.join(" ", words), options);
    }

    /** The arm's provider and model; without a model, the provider's models in the route, else any that does it. */
    private static List<Option> armOptions(Catalog catalog, Operation operation, ExperimentSettings.Arm arm) {
        String model = arm.model() == null || arm.model().isBlank() ? null : arm.model();
        return options(catalog.providerCandidates(operation, arm.provider(), model));
    }


    private Optional<Assignment> assignment(JobRequested job, ExperimentArm assigned) {
        for (ExperimentSettings experiment : policy.experiments()) {
            if (assigned != null && assigned.experiment().equals(experiment.id())) {
                return Optional.of(new Assignment(assigned, experiment.arm(assigned.arm())));
            }
        }
        if (assigned != null) {
            // The job's experiment is no longer configured: it keeps its arm on the events, routed by the route.
            return Optional.of(new Assignment(assigned, Optional.empty()));
        }
        return policy.experiments().stream().filter(experiment -> experiment.splits(job.operation())).findFirst()
                .map(experiment -> {
                    ExperimentSettings.Arm arm = experiment.assign(job.jobId());
                    return new Assignment(new ExperimentArm(experiment.id(), arm.name()), Optional.of(arm));
                });
    }

    private static List<Option> options(List<Catalog.Entry> entries) {
        return entries.stream().map(entry -> new Option(entry, null)).toList();
    }

    private record Assignment(ExperimentArm arm, Optional<ExperimentSettings.Arm> settings) {
    }

    /**
     * @param stages     tried in order
     * @param experiment the job's A/B arm, for its events; {@code null} when it is in none
     */
    record Planned(List<Stage> stages, ExperimentArm experiment) {
    }

    /**
     * @param kind the metric tag: route, preset, provider, model, experiment, fallback
     * @param name in words, for reasons: "preset high provider fal", "experiment x arm b"
     */
    record Stage(String kind, String name, List<Option> options) {

        boolean contains(Catalog.Entry entry) {
            return options.stream().anyMatch(option -> option.entry().ref().equals(entry.ref()));
        }

        /** The policy as the explanation names it: "priority", or "preset high; cost". */
        String policyName(Weights weights) {
            return kind.equals("route") ? weights.describe() : name + "; " + weights.describe();
        }
    }

    /** One candidate model, with the steps its preset sends it ({@code null}: the job's own, or the default). */
    record Option(Catalog.Entry entry, Integer steps) {
    }
}
