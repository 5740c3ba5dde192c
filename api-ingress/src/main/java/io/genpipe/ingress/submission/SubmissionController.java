package io.genpipe.ingress.submission;

import io.genpipe.access.Caller;
import io.genpipe.ingress.cache.CacheControl;
import io.genpipe.ingress.cache.CacheKey;
import io.genpipe.ingress.cache.ResultCache;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.ingress.problem.RequestBodies;
import io.genpipe.ingress.idempotency.IdempotencyKey;
import io.genpipe.ingress.idempotency.IdempotentSubmissions;
import io.genpipe.ingress.idempotency.Submission;
import io.genpipe.ingress.limits.OverLimitException;
import io.genpipe.ingress.limits.TenantRateLimits;
import io.genpipe.ingress.uploads.UploadedInputs;
import io.genpipe.ingress.validation.AskedJob;
import io.genpipe.ingress.validation.JobValidator;
import io.genpipe.ingress.webhooks.CallbackTargets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /v1/jobs} and {@code POST /v1/batches}. Bodies are read with the contract's own serde, so a bad
 * field is named the same way here (HTTP 400) as on the topic (DLQ). A job that follows the contract but that no
 * model of the catalog can do as asked is refused with 422 before anything is published: the router would only
 * fail it later. A job's {@code file:} inputs must be the caller's uploads ({@link UploadedInputs}).
 */
@RestController
@RequestMapping(path = "/v1", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
class SubmissionController {

    static final String ACCEPTED = "genpipe.ingress.jobs.accepted";
    /** Set on the answer to a repeated request with the same {@code Idempotency-Key}: nothing new was published. */
    static final String REPLAYED = "Idempotent-Replayed";
    /** {@code hit} or {@code miss}, on the answer to a request that allowed the result cache. */
    static final String CACHE = "Genpipe-Cache";
    private static final String BATCH_ID = "batchId";

    private final JobPublisher publisher;
    private final JobValidator validator;
    private final CallbackTargets callbacks;
    private final UploadedInputs uploads;
    private final IdempotentSubmissions idempotent;
    private final TenantRateLimits rateLimits;
    private final ResultCache cache;
    private final IngressSettings settings;
    private final Clock clock;
    private final Counter accepted;

    SubmissionController(JobPublisher publisher, JobValidator validator, IdempotentSubmissions idempotent,
                         TenantRateLimits rateLimits, IngressSettings settings, Clock clock, MeterRegistry meters,
                         CallbackTargets callbacks, UploadedInputs uploads, ResultCache cache) {
        this.rateLimits = rateLimits;
        this.cache = cache;
        this.uploads = uploads;
        this.publisher = publisher;
        this.validator = validator;
        this.callbacks = callbacks;
        this.idempotent = idempotent;
        this.settings = settings;
        this.clock = clock;
        this.accepted = meters.counter(ACCEPTED);
    }

    @PostMapping("/jobs")
    ResponseEntity<JobAccepted> submitJob(@AuthenticationPrincipal Caller caller,
                                          @RequestHeader(name = IdempotencyKey.HEADER, required = false) String key,
                                          @RequestHeader(name = CacheControl.HEADER, required = false) String cacheControl,
                                          @RequestBody byte[] body) {
        // The headers are checked first: a malformed one is refused before anything else is looked at.
        IdempotencyKey idempotencyKey = key == null ? null : new IdempotencyKey(key);
        Optional<Duration> maxAge = CacheControl.maxAge(cacheControl);
        SubmitJob request = RequestBodies.read(body, SubmitJob.class);
        String tenant = tenant(caller, request.tenantId());
        String jobId = request.jobId() != null ? request.jobId() : UUID.randomUUID().toString();
        JobRequested job = job(jobId, tenant, null, request, clock.instant());
        uploads.require(job.inputs(), caller);
        // Refused requests take no key: the same key may carry the corrected request.
        validator.require(AskedJob.of(job));
        callbacks.require(job.callbackUrl(), 1);
        Optional<String> cacheKey = CacheKey.of(job);
        // A client that named its job, or that awaits a callback, waits for that job: no other answers it.
        boolean answerable = maxAge.isPresent() && request.jobId() == null && job.callbackUrl() == null;
        if (answerable && cacheKey.isPresent()) {
            Optional<String> earlier = cache.lookup(job, cacheKey.get(), maxAge.get());
            if (earlier.isPresent()) {
                return cached(earlier.get());
            }
        }
        rateLimits.take(tenant, 1);
        // Every job that can be the same fills the cache once published, asked or not: the next client may allow it.
        Runnable publishAndRemember = () -> {
            publish(job);
            cacheKey.ifPresent(same -> cache.remember(job, same));
        };
        ResponseEntity<JobAccepted> answer;
        if (idempotencyKey == null) {
            publishAndRemember.run();
            answer = accepted(jobId, false);
        } else {
            // The request as parsed, with its tenant: the same request in other spacing or member order is the same.
            String canonical = JsonSerde.instance().writeString(request.forTenant(tenant));
            Submission submission = idempotent.submit(tenant, idempotencyKey, canonical, jobId, publishAndRemember);
            answer = accepted(submission.jobId(), submission instanceof Submission.Replayed);
        }
        if (maxAge.isEmpty()) {
            return answer;
        }
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders()).header(CACHE, "miss")
                .body(answer.getBody());
    }

    /** An earlier job answers: it succeeded, nothing was published, and its status URL shows its images and cost. */
    private ResponseEntity<JobAccepted> cached(String jobId) {
        JobAccepted answer = new JobAccepted(jobId, "SUCCEEDED", settings.jobStatus(jobId));
        return ResponseEntity.ok().location(answer.statusUrl()).header(CACHE, "hit").body(answer);
    }

    private void publish(JobRequested job) {
        publisher.publish(List.of(job));
        accepted.increment();
    }

    private ResponseEntity<JobAccepted> accepted(String jobId, boolean replayed) {
        JobAccepted answer = new JobAccepted(jobId, "QUEUED", settings.jobStatus(jobId));
        ResponseEntity.BodyBuilder response = ResponseEntity.accepted().location(answer.statusUrl());
        if (replayed) {
            response.header(REPLAYED, "true");
        }
        return response.body(answer);
    }

    @PostMapping("/batches")
    ResponseEntity<BatchAccepted> submitBatch(@AuthenticationPrincipal Caller caller, @RequestBody byte[] body) {
        SubmitBatch request = RequestBodies.read(body, SubmitBatch.class);
        String tenant = tenant(caller, request.tenantId());
        if (request.jobs() != null) {
            return submitJobs(caller, tenant, request);
        }
        List<String> prompts = request.prompts();
        if (prompts == null || prompts.isEmpty()) {
            throw MessageFormatException.missing("prompts");
        }
        requireBatchSize("prompts", prompts.size());
        String batchId = request.batchId() != null ? request.batchId() : UUID.randomUUID().toString();
        Instant now = clock.instant();
        SubmitJob shared = request.shared();
        List<JobRequested> jobs = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            try {
                jobs.add(batchJob(batchId, i, tenant, new SubmitJob(null, null, null, prompts.get(i), null, null,
                        null, null, null, null, null).over(shared), now));
            } catch (MessageFormatException e) {
                throw "prompt".equals(e.field()) ? new MessageFormatException(e.problem(), "prompts[" + i + "]", e.reason()) : e;
            }
        }
        // The prompts share the batch's inputs: checked once, named as the batch names them.
        uploads.require(jobs.get(0).inputs(), caller);
        validator.requireAll(jobs.stream().map(AskedJob::of).toList());
        return acceptBatch(tenant, batchId, jobs);
    }

    /** A JSON batch of {@code jobs}: a bad job is named {@code jobs[i].<field>}. */
    private ResponseEntity<BatchAccepted> submitJobs(Caller caller, String tenant, SubmitBatch request) {
        if (request.prompts() != null) {
            throw MessageFormatException.invalid("jobs", "a batch has prompts or jobs, not both");
        }
        if (request.jobs().isEmpty()) {
            throw MessageFormatException.missing("jobs");
        }
        requireBatchSize("jobs", request.jobs().size());
        String batchId = request.batchId() != null ? request.batchId() : UUID.randomUUID().toString();
        Instant now = clock.instant();
        SubmitJob shared = request.shared();
        List<JobRequested> jobs = new ArrayList<>(request.jobs().size());
        for (int i = 0; i < request.jobs().size(); i++) {
            String position = "jobs[" + i + "]";
            try {
                SubmitJob entry = request.jobs().get(i);
                if (entry == null) {
                    throw MessageFormatException.invalid(null, "must be a job object");
                }
                requireNoIds(entry);
                jobs.add(batchJob(batchId, i, tenant, entry.over(shared), now));
            } catch (MessageFormatException e) {
                throw BATCH_ID.equals(e.field()) ? e : e.under(position);
            }
            uploads.require(jobs.get(i).inputs(), caller, field -> position + "." + field);
        }
        validator.requireAll(jobs.stream().map(AskedJob::of).toList(), (i, field) -> "jobs[" + i + "]." + field);
        return acceptBatch(tenant, batchId, jobs);
    }

    /**
     * {@code POST /v1/batches?batchId=} with a JSONL body ({@code application/x-ndjson} or {@code application/jsonl}):
     * one job per line, each line {@code POST /v1/jobs}' body without {@code jobId} and {@code tenantId} (the ids are
     * {@code <batchId>-<line>}, the tenant the key's, or {@code tenantId} of the query for an admin). Blank lines are
     * skipped; a bad line is named {@code lines[i]} (the body's line i, from 0), as {@code prompts[i]} is for JSON.
     */
    @PostMapping(path = "/batches", consumes = {"application/x-ndjson", "application/jsonl"})
    ResponseEntity<BatchAccepted> uploadBatch(@AuthenticationPrincipal Caller caller,
                                              @RequestParam(required = false) String batchId,
                                              @RequestParam(required = false) String tenantId,
                                              @RequestBody byte[] body) {
        String tenant = tenant(caller, tenantId);
        List<JsonLines.Line> lines = JsonLines.split(body);
        if (lines.isEmpty()) {
            throw MessageFormatException.missing("lines");
        }
        requireBatchSize("lines", lines.size());
        String id = batchId != null && !batchId.isBlank() ? batchId : UUID.randomUUID().toString();
        Instant now = clock.instant();
        List<JobRequested> jobs = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String field = "lines[" + lines.get(i).index() + "]";
            try {
                SubmitJob line = RequestBodies.read(lines.get(i).text(), SubmitJob.class);
                requireNoIds(line);
                jobs.add(batchJob(id, i, tenant, line, now));
            } catch (MessageFormatException e) {
                throw BATCH_ID.equals(e.field()) ? e : e.under(field);
            }
            uploads.require(jobs.get(i).inputs(), caller, inner -> field + "." + inner);
        }
        validator.requireAll(jobs.stream().map(AskedJob::of).toList(),
                (i, inner) -> "lines[" + lines.get(i).index() + "]." + inner);
        return acceptBatch(tenant, id, jobs);
    }

    private void requireBatchSize(String field, int size) {
        if (size > settings.maxBatchSize()) {
            throw new OverLimitException(field,
                    "A batch may hold at most " + settings.maxBatchSize() + " jobs; this one has " + size);
        }
    }

    private static void requireNoIds(SubmitJob job) {
        if (job.jobId() != null || job.tenantId() != null) {
            throw MessageFormatException.invalid(job.jobId() != null ? "jobId" : "tenantId",
                    "is set by the batch: leave it out");
        }
    }

    /** A batch is accepted whole or not at all: the caller has checked every job against the catalog. */
    private ResponseEntity<BatchAccepted> acceptBatch(String tenant, String batchId, List<JobRequested> jobs) {
        // One check per distinct callback: a batch's jobs share theirs, an upload's lines may each have their own.
        jobs.stream().map(JobRequested::callbackUrl).distinct()
                .forEach(url -> callbacks.require(url, jobs.size()));
        rateLimits.take(tenant, jobs.size());
        // Each job says how many the batch has, so its statistics count the ones not recorded yet as pending.
        publisher.publish(jobs.stream()
                .map(job -> batchId.equals(job.batchId()) ? job.withBatchSize(jobs.size()) : job).toList());
        accepted.increment(jobs.size());
        BatchAccepted answer = new BatchAccepted(batchId, jobs.size(),
                jobs.stream().map(JobRequested::jobId).toList(), settings.batchStatus(batchId));
        return ResponseEntity.accepted().location(answer.statusUrl()).body(answer);
    }

    /**
     * Whose job it is: the key's tenant. A body may name it; naming another is for admin keys only, so that no tenant
     * can spend another's budget or read its results.
     */
    static String tenant(Caller caller, String asked) {
        if (asked == null || asked.isBlank()) {
            return caller.tenantId();
        }
        if (!caller.sees(asked)) {
            throw new ForeignTenantException("tenantId", asked, caller.tenantId());
        }
        return asked;
    }

    /**
     * Job {@code i} of a batch, {@code <batchId>-<i + 1>}. The job's id is made of the batch's, so an id the contract
     * refuses ({@code "a b-1"}) is the batch id's fault: named {@code batchId}, not {@code jobId}, which the caller
     * never sent.
     */
    private static JobRequested batchJob(String batchId, int i, String tenant, SubmitJob options, Instant now) {
        String jobId = batchId + "-" + (i + 1);
        try {
            return job(jobId, tenant, batchId, options, now);
        } catch (MessageFormatException e) {
            if ("jobId".equals(e.field()) || BATCH_ID.equals(e.field())) {
                throw MessageFormatException.invalid(BATCH_ID, "makes job ids such as '" + jobId + "', which "
                        + e.reason());
            }
            throw e;
        }
    }

    private static JobRequested job(String jobId, String tenantId, String batchId, SubmitJob options, Instant now) {
        // A job that could never start is refused here rather than failed later by the router.
        if (options.deadline() != null && !options.deadline().isAfter(now)) {
            throw MessageFormatException.invalid("deadline", "must be in the future, was " + options.deadline());
        }
        return new JobRequested(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), jobId, now, tenantId,
                batchId, options.operation() != null ? options.operation() : Operation.TEXT_TO_IMAGE, options.prompt(),
                options.params(), options.deadline(), options.maxAttempts(), options.model(), options.routing(),
                options.callbackUrl(), options.inputs());
    }
}
