package io.genpipe.ingress.estimate;

import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.Fit;
import io.genpipe.contracts.catalog.Size;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.ingress.estimate.Estimate.CandidateEstimate;
import io.genpipe.ingress.estimate.Estimate.Chosen;
import io.genpipe.ingress.health.HealthStatus;
import io.genpipe.ingress.health.LiveHealth.HealthReading;
import io.genpipe.ingress.models.ExpectedTime;
import io.genpipe.ingress.validation.AskedJob;
import io.genpipe.ingress.validation.Candidate;
import io.genpipe.ingress.validation.Selection;
import io.genpipe.messaging.health.ProviderHealthView.ProviderStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Prices a job's candidates and picks the one the router would choose now for a job that asks nothing of its
 * routing, under the route's order: the first candidate in route order that fits the job and whose provider is UP.
 * The router passes over a provider every live worker reports DOWN and one no live worker reports on (UNKNOWN:
 * silence is not health), and so does this. A job's {@code routing}, the operators' weights and priorities, and
 * cooldowns may choose otherwise (router-worker/docs/policies.md). Free of Spring; the caller passes one health
 * reading.
 */
public final class Estimator {

    private Estimator() {
    }

    /** @param selection the job's candidates, of which at least one fits */
    public static Estimate estimate(AskedJob job, int jobs, Selection selection, HealthReading health) {
        List<CandidateEstimate> estimates = new ArrayList<>();
        Chosen chosen = null;
        List<String> passedOver = new ArrayList<>();
        for (Candidate candidate : selection.candidates()) {
            ProviderStatus status = health.status(candidate.provider());
            CandidateEstimate estimate = estimate(candidate, job, jobs, status);
            estimates.add(estimate);
            if (chosen != null) {
                continue;
            }
            if (!candidate.fits()) {
                passedOver.add(candidate.ref() + " does not fit (" + estimate.refusal().field() + ": "
                        + estimate.refusal().reason() + ")");
            } else if (status.status() != ProviderStatus.Status.UP) {
                passedOver.add(candidate.ref() + " is " + status.status() + " (" + status.reason() + ")");
            } else {
                chosen = chosen(candidate, estimate, selection.candidates().size(), job, status, passedOver);
            }
        }
        ImageParams params = job.params();
        return new Estimate(job.operation().wireName(), job.model(), jobs, params.count(),
                new Size(params.width(), params.height()).toString(), estimates, chosen,
                summary(jobs, params.count(), chosen, selection));
    }

    private static CandidateEstimate estimate(Candidate candidate, AskedJob job, int jobs, ProviderStatus status) {
        CatalogModel model = candidate.entry().model();
        ExpectedTime time = ExpectedTime.of(model.latency());
        HealthStatus health = HealthStatus.of(status);
        Optional<Fit.Fits> fitted = candidate.fitted();
        if (fitted.isEmpty()) {
            Fit.Refused refused = candidate.refused().orElseThrow();
            return new CandidateEstimate(candidate.provider(), candidate.model(), candidate.priority(), false,
                    new Estimate.Refused(refused.field(), refused.reason()), null, List.of(), null, null, false, time,
                    health);
        }
        ImageParams sent = fitted.get().sent();
        Size size = new Size(sent.width(), sent.height());
        Optional<Usd> perJob = model.estimate(size, sent.count(), job.prompt().length());
        return new CandidateEstimate(candidate.provider(), candidate.model(), candidate.priority(), true, null,
                size.toString(), fitted.get().adjustments(), perJob.orElse(null),
                perJob.map(cost -> cost.times(jobs)).orElse(null), perJob.isEmpty(), time, health);
    }

    private static Chosen chosen(Candidate candidate, CandidateEstimate estimate, int routeSize, AskedJob job,
                                 ProviderStatus status, List<String> passedOver) {
        StringBuilder why = new StringBuilder("priority " + candidate.priority() + " of " + routeSize + " for "
                + job.operation().wireName() + " that fits and is UP");
        if (!passedOver.isEmpty()) {
            why.append("; passed over ").append(String.join(", ", passedOver));
        }
        return new Chosen(candidate.provider(), candidate.model(), candidate.priority(), estimate.costPerJob(),
                estimate.total(), estimate.costUnknown(), estimate.expectedTime(), why.toString());
    }

    /** "Generate 23 images — generation cost $0.069 (fal:fal-ai/flux/schnell)". */
    private static String summary(int jobs, int imagesPerJob, Chosen chosen, Selection selection) {
        long images = (long) jobs * imagesPerJob;
        String what = "Generate " + images + (images == 1 ? " image" : " images")
                + (imagesPerJob > 1 ? " in " + jobs + (jobs == 1 ? " job" : " jobs") : "");
        if (chosen == null) {
            return what + " — no model can take it now: every model that fits is on a provider reported DOWN or"
                    + " that no live worker reports on; a job submitted now waits for one until its deadline";
        }
        String model = chosen.provider() + ":" + chosen.model();
        if (chosen.costUnknown()) {
            String price = selection.candidates().stream()
                    .filter(candidate -> candidate.provider().equals(chosen.provider())
                            && candidate.model().equals(chosen.model()))
                    .findFirst().map(candidate -> candidate.entry().model().pricing().describe()).orElse("");
            return what + " — generation cost unknown: " + model + " is billed " + price
                    + ", which cannot be estimated in advance";
        }
        return what + " — generation cost " + chosen.total() + " (" + model + ")";
    }
}
