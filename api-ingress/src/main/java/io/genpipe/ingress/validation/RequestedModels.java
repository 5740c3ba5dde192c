package io.genpipe.ingress.validation;

import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.ModelRef;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RoutingRequest;
import io.genpipe.ingress.validation.Refusal.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The models a job asks to be tried, in order, each with the parameters it would be sent, as far as the catalog
 * alone decides: a quality preset's models (with the preset's steps, unless the job set its own), narrowed to a
 * forced provider and a named model; without a preset the route (or the named model's entries), narrowed the same
 * way. With {@code routing.fallback} the operation's route follows what the job named. Quality, speed, budget and
 * priorities are left to the router, whose configuration says what they mean.
 *
 * <p>A routing request the catalog can tell is impossible (an unknown provider or preset, a forced provider with
 * no model for what the job names) is refused naming the field, fallback or not: it is the caller's mistake, and
 * a fallback would hide it.
 */
final class RequestedModels {

    /** One model to try, and what it would be sent. */
    record Requested(Catalog.Entry entry, ImageParams params) {
    }

    /** @param refusal why the request is impossible, or {@code null} with the models to try */
    record Outcome(List<Requested> models, Refusal refusal) {

        static Outcome refused(Problem problem, String field, String reason) {
            return new Outcome(List.of(), new Refusal(problem, field, reason, null));
        }
    }

    private RequestedModels() {
    }

    static Outcome of(Catalog catalog, AskedJob job) {
        RoutingRequest routing = job.routing();
        Operation operation = job.operation();
        String provider = routing.provider();
        if (provider != null && catalog.provider(provider).isEmpty()) {
            return Outcome.refused(Problem.UNKNOWN_PROVIDER, "routing.provider", "unknown provider '" + provider
                    + "'; the catalog has " + catalog.providers().keySet());
        }
        Outcome named = routing.preset() != null ? preset(catalog, job) : route(catalog, job);
        if (named.refusal() != null) {
            return named;
        }
        boolean namedSomething = routing.preset() != null || provider != null || job.model() != null;
        if (!routing.fallbackAllowed() || !namedSomething) {
            return named;
        }
        // What the job named first, then the rest of the operation's route, each model once.
        List<Requested> models = new ArrayList<>(named.models());
        Set<ModelRef> tried = models.stream().map(model -> model.entry().ref()).collect(Collectors.toSet());
        for (Catalog.Entry entry : catalog.route(operation)) {
            if (tried.add(entry.ref())) {
                models.add(new Requested(entry, job.params()));
            }
        }
        return new Outcome(models, null);
    }

    private static Outcome preset(Catalog catalog, AskedJob job) {
        RoutingRequest.Preset preset = job.routing().preset();
        Operation operation = job.operation();
        List<Catalog.PresetEntry> entries = catalog.preset(operation, preset);
        if (entries.isEmpty()) {
            Set<RoutingRequest.Preset> defined = catalog.presets(operation);
            return Outcome.refused(Problem.UNKNOWN_PRESET, "routing.preset", "no preset '" + preset.wireName()
                    + "' for " + operation.wireName() + "; " + (defined.isEmpty() ? "the catalog defines none"
                    : "the catalog has " + defined.stream().map(RoutingRequest.Preset::wireName).toList()));
        }
        String name = "preset " + preset.wireName() + " for " + operation.wireName();
        List<Catalog.PresetEntry> ofModel = entries.stream()
                .filter(entry -> job.model() == null || entry.entry().model().id().equals(job.model())).toList();
        if (ofModel.isEmpty()) {
            return Outcome.refused(Problem.MODEL_NOT_IN_PRESET, "model", name + " does not use " + job.model()
                    + "; it uses " + entries.stream().map(entry -> entry.entry().ref().toString()).toList());
        }
        String provider = job.routing().provider();
        List<Catalog.PresetEntry> chosen = ofModel.stream()
                .filter(entry -> provider == null || entry.entry().provider().name().equals(provider)).toList();
        if (chosen.isEmpty()) {
            return Outcome.refused(Problem.PROVIDER_HAS_NO_MODEL, "routing.provider", name + " has no model of "
                    + provider + "; it uses " + ofModel.stream().map(entry -> entry.entry().ref().toString()).toList());
        }
        return new Outcome(chosen.stream()
                .map(entry -> new Requested(entry.entry(), withPresetSteps(job.params(), entry.steps()))).toList(),
                null);
    }

    /** Steps the job set itself win over the preset's: the preset is a default, not an override. */
    private static ImageParams withPresetSteps(ImageParams params, Integer presetSteps) {
        return params.steps() == null && presetSteps != null ? params.withSteps(presetSteps) : params;
    }

    /** The route (or the named model's entries), or, for a forced provider, {@link Catalog#providerCandidates}. */
    private static Outcome route(Catalog catalog, AskedJob job) {
        Operation operation = job.operation();
        List<Catalog.Entry> candidates = catalog.candidates(operation, job.model());
        String provider = job.routing().provider();
        if (provider != null) {
            candidates = catalog.providerCandidates(operation, provider, job.model());
            if (candidates.isEmpty()) {
                return Outcome.refused(Problem.PROVIDER_HAS_NO_MODEL, "routing.provider", "provider " + provider
                        + " has no model " + (job.model() == null ? "" : job.model() + " ") + "for "
                        + operation.wireName());
            }
        }
        return new Outcome(candidates.stream().map(entry -> new Requested(entry, job.params())).toList(), null);
    }
}
