package io.genpipe.ingress.validation;

import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.Fit;
import io.genpipe.contracts.catalog.Lifecycle;
import io.genpipe.contracts.event.Operation;
import io.genpipe.ingress.validation.Refusal.Problem;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which models of the catalog may do a job: the route of its operation, narrowed to the asked model when one is
 * asked, or what its routing request names ({@link RequestedModels}: a forced provider, a quality preset, with or
 * without fallback), each checked with {@link Fit#check}, the rule the router uses to skip a model. A job no
 * candidate fits is refused here, with the reason of the closest candidate, rather than accepted and failed by the
 * router; a job is never quietly sent smaller or with fewer images than asked. Free of Spring and of time: the caller
 * passes today.
 */
public final class CandidateSelector {

    private CandidateSelector() {
    }

    public static Selection select(Catalog catalog, AskedJob job, LocalDate today) {
        List<Catalog.Entry> route = catalog.route(job.operation());
        if (job.model() != null) {
            Optional<Refusal> refused = checkAskedModel(catalog, route, job, today);
            if (refused.isPresent()) {
                return new Selection(List.of(), refused.get());
            }
        }
        // The route's candidates in the router's order (Catalog.candidates), or what the routing request names.
        RequestedModels.Outcome requested = RequestedModels.of(catalog, job);
        if (requested.refusal() != null) {
            return new Selection(List.of(), requested.refusal());
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < requested.models().size(); i++) {
            RequestedModels.Requested model = requested.models().get(i);
            candidates.add(new Candidate(model.entry(), i + 1,
                    Fit.check(model.entry().model(), job.operation(), job.prompt(), model.params(),
                            job.inputs(), today)));
        }
        if (candidates.isEmpty()) {
            return new Selection(candidates, new Refusal(Problem.NO_ROUTE, "operation",
                    "no model is routed for " + job.operation().wireName(), null));
        }
        if (candidates.stream().anyMatch(Candidate::fits)) {
            return new Selection(candidates, null);
        }
        return new Selection(candidates, refusalOf(closest(candidates)));
    }

    /**
     * Unknown, shut down, or not doing the operation: refused before any fit, because the router would never send
     * the job there. A model no route uses yet may still be named (a replacement the catalog names), and so may one
     * a training made. A model id may belong to several providers (two OpenAI organizations); it is shut down when
     * all are.
     */
    private static Optional<Refusal> checkAskedModel(Catalog catalog, List<Catalog.Entry> route, AskedJob job,
                                                     LocalDate today) {
        List<CatalogModel> known = catalog.named(job.model()).stream().map(Catalog.Entry::model).toList();
        if (known.isEmpty()) {
            return Optional.of(new Refusal(Problem.UNKNOWN_MODEL, "model", "unknown model '" + job.model() + "'; "
                    + askable(route, job.operation(), today) + " (GET /v1/models lists every model)", null));
        }
        if (known.stream().allMatch(model -> model.lifecycle().isShutDown(today))) {
            CatalogModel model = known.get(0);
            return Optional.of(new Refusal(Problem.MODEL_SHUT_DOWN, "model", shutDown(model),
                    model.lifecycle().replacement()));
        }
        if (known.stream().noneMatch(model -> model.supports(job.operation()))) {
            return Optional.of(new Refusal(Problem.OPERATION_NOT_SUPPORTED, "model", "model " + job.model()
                    + " does not do " + job.operation().wireName() + "; " + askable(route, job.operation(), today),
                    null));
        }
        return Optional.empty();
    }

    /** "jobs for text-to-image may name fal-ai/flux/schnell, gpt-image-2": what a job can ask for instead. */
    private static String askable(List<Catalog.Entry> route, Operation operation, LocalDate today) {
        List<String> ids = route.stream().map(Catalog.Entry::model)
                .filter(model -> !model.lifecycle().isShutDown(today))
                .map(CatalogModel::id).distinct().toList();
        return ids.isEmpty() ? "no model is routed for " + operation.wireName()
                : "jobs for " + operation.wireName() + " may name " + String.join(", ", ids);
    }

    /**
     * The named model when one is asked (its candidates are all that model); otherwise the first in route order,
     * passing over shut-down ones: a retired model left on a route is the operator's to fix, and says nothing
     * useful to a caller about the parameters.
     */
    private static Candidate closest(List<Candidate> candidates) {
        return candidates.stream()
                .filter(candidate -> candidate.refused().map(refused -> !isShutDown(refused)).orElse(true))
                .findFirst().orElse(candidates.get(0));
    }

    private static Refusal refusalOf(Candidate closest) {
        Fit.Refused refused = closest.refused().orElseThrow();
        CatalogModel model = closest.entry().model();
        if (isShutDown(refused)) {
            return new Refusal(Problem.MODEL_SHUT_DOWN, "model", closest.provider() + ":" + shutDown(model),
                    model.lifecycle().replacement());
        }
        return new Refusal(Problem.NO_MODEL_FITS, refused.field(), closest.ref() + " " + refused.reason(), null);
    }

    /** {@link Fit#check} refuses the model itself only when it is shut down. */
    private static boolean isShutDown(Fit.Refused refused) {
        return "model".equals(refused.field());
    }

    /** "gpt-image-1 shut down on 2026-10-23; replacement gpt-image-2". */
    static String shutDown(CatalogModel model) {
        Lifecycle lifecycle = model.lifecycle();
        return model.id() + " shut down on " + lifecycle.shutdownOn()
                + lifecycle.replacementModel().map(replacement -> "; replacement " + replacement).orElse("");
    }
}
