package io.genpipe.ingress.openai;

import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.ingress.openai.GenerationAnswers.Answer;
import io.genpipe.ingress.openai.ImageGenerationMapping.MappedGeneration;
import io.genpipe.ingress.outcomes.OutcomeWaiters;
import io.genpipe.ingress.limits.TenantRateLimits;
import io.genpipe.ingress.submission.IngressSettings;
import io.genpipe.ingress.submission.JobPublisher;
import io.genpipe.ingress.validation.AskedJob;
import io.genpipe.ingress.validation.JobValidator;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * One OpenAI image request as one genpipe job: checked as {@code POST /v1/jobs} checks a job, durable on the broker
 * before anything else, then awaited without holding a request thread (the answer is a {@link DeferredResult}),
 * for at most {@code genpipe.ingress.openai.wait-timeout}; after that 202 with the job's status URL.
 */
@Component
class ImageGenerations {

    static final String REQUESTS = "genpipe.ingress.openai.requests";
    static final String WAITING = "genpipe.ingress.openai.waiting";
    static final String TIMED_OUT = "timed_out";
    /** On every answer about a job, so an SDK user (with_raw_response) can follow or rate it. */
    static final String JOB_ID_HEADER = "X-Genpipe-Job-Id";
    /** The same counter as {@code POST /v1/jobs}: a job accepted here is a job like any other. */
    private static final String ACCEPTED = "genpipe.ingress.jobs.accepted";
    private static final Logger log = LoggerFactory.getLogger(ImageGenerations.class);

    private final JobValidator validator;
    private final TenantRateLimits rateLimits;
    private final JobPublisher publisher;
    private final OutcomeWaiters waiters;
    private final GenerationAnswers answers;
    private final OpenAiSettings settings;
    private final IngressSettings ingress;
    private final Clock clock;
    private final MeterRegistry meters;

    ImageGenerations(JobValidator validator, TenantRateLimits rateLimits, JobPublisher publisher,
                     OutcomeWaiters waiters, GenerationAnswers answers, OpenAiSettings settings,
                     IngressSettings ingress, Clock clock, MeterRegistry meters) {
        this.validator = validator;
        this.rateLimits = rateLimits;
        this.publisher = publisher;
        this.waiters = waiters;
        this.answers = answers;
        this.settings = settings;
        this.ingress = ingress;
        this.clock = clock;
        this.meters = meters;
        Gauge.builder(WAITING, waiters, OutcomeWaiters::size)
                .description("OpenAI image requests waiting for their job's outcome").register(meters);
    }

    /**
     * Refuses before anything is published or awaited: {@code InvalidImageRequest} or {@code MessageFormatException}
     * (400), {@code JobRefusedException} (422), {@code BrokerUnavailableException} (503), answered by
     * {@link OpenAiErrors}.
     *
     * @param tenantId who pays for the job
     */
    DeferredResult<ResponseEntity<?>> generate(byte[] body, String tenantId) {
        String jobId = UUID.randomUUID().toString();
        MappedGeneration mapped = ImageGenerationMapping.toJob(ImageGenerationMapping.read(body), jobId, tenantId, clock.instant());
        validator.require(AskedJob.of(mapped.job()));
        return publishAndAwait(mapped, tenantId);
    }

    /**
     * A mapped request that the catalog has accepted, as a job: rate-limited, published, then awaited. Shared by
     * {@link ImageEdits}.
     */
    DeferredResult<ResponseEntity<?>> publishAndAwait(MappedGeneration mapped, String tenantId) {
        JobRequested job = mapped.job();
        String jobId = job.jobId();
        rateLimits.take(tenantId, 1);

        // Waiting before publishing: an outcome faster than this thread cannot be missed.
        CompletableFuture<JobOutcome> outcome = waiters.register(jobId);
        try {
            publisher.publish(List.of(job));
        } catch (RuntimeException e) {
            waiters.remove(jobId);
            throw e;
        }
        meters.counter(ACCEPTED).increment();

        DeferredResult<ResponseEntity<?>> result = new DeferredResult<>(settings.waitTimeout().toMillis());
        result.onTimeout(() -> answer(result, jobId, new Answer(stillRunning(jobId), TIMED_OUT)));
        // Whatever ends the request (answer, timeout, the client gone) ends the wait.
        result.onCompletion(() -> waiters.remove(jobId));
        outcome.thenComposeAsync(done -> answers.answer(done, mapped.format()))
                .whenComplete((answer, error) -> {
                    if (error == null) {
                        answer(result, jobId, answer);
                    } else if (!(error instanceof CancellationException
                            || error.getCause() instanceof CancellationException)) {
                        log.error("answering job {} failed", jobId, error);
                        answer(result, jobId, new Answer(ResponseEntity.internalServerError().body(OpenAiError.of(
                                "genpipe could not answer; job " + jobId + ": " + ingress.jobStatus(jobId),
                                "server_error", null, "server_error")), GenerationAnswers.FAILED));
                    }
                });
        return result;
    }

    /** Counts an answer only if it is the one sent: an outcome racing the timeout is counted once. */
    private void answer(DeferredResult<ResponseEntity<?>> result, String jobId, Answer answer) {
        ResponseEntity<?> response = answer.response();
        if (result.setResult(ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders())
                .header(JOB_ID_HEADER, jobId).body(response.getBody()))) {
            meters.counter(REQUESTS, "outcome", answer.outcome()).increment();
        }
    }

    private ResponseEntity<StillRunning> stillRunning(String jobId) {
        StillRunning running = StillRunning.of(clock.instant().getEpochSecond(), jobId, ingress.jobStatus(jobId));
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(running.statusUrl()).body(running);
    }
}
