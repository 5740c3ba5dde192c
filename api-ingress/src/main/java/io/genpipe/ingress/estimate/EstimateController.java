package io.genpipe.ingress.estimate;

import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.ingress.problem.RequestBodies;
import io.genpipe.ingress.health.LiveHealth;
import io.genpipe.ingress.submission.IngressSettings;
import io.genpipe.ingress.validation.AskedJob;
import io.genpipe.ingress.validation.JobRefusedException;
import io.genpipe.ingress.validation.JobValidator;
import io.genpipe.ingress.validation.Selection;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/estimate}: what jobs would cost, before submitting them. Bodies are read with the contract's own
 * serde, as submissions are, so a bad field gets the same 400; a job no model fits gets the same 422.
 */
@RestController
class EstimateController {

    private final JobValidator validator;
    private final LiveHealth health;
    private final IngressSettings settings;

    EstimateController(JobValidator validator, LiveHealth health, IngressSettings settings) {
        this.validator = validator;
        this.health = health;
        this.settings = settings;
    }

    /** An empty body estimates one default job. */
    @PostMapping(path = "/v1/estimate", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Estimate estimate(@RequestBody(required = false) byte[] body) {
        EstimateRequest request = body == null || body.length == 0 ? EstimateRequest.DEFAULT
                : RequestBodies.read(body, EstimateRequest.class);
        if (request.jobs() > settings.maxBatchSize()) {
            throw MessageFormatException.invalid("count", "at most " + settings.maxBatchSize()
                    + " jobs per estimate, as per batch, was " + request.jobs());
        }
        AskedJob job = new AskedJob(request.operation(), request.prompt(), request.params(), request.model(),
                request.routing());
        Selection selection = validator.check(job);
        if (selection.refused()) {
            // An estimate refuses no job: it answers 422 as a submission would, without counting a refusal.
            throw new JobRefusedException(selection.refusal(), selection.candidates());
        }
        return Estimator.estimate(job, request.jobs(), selection, health.read());
    }
}
