package io.genpipe.sink;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptFailed;
import io.genpipe.contracts.event.AttemptProgressed;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.AttemptSucceeded;
import io.genpipe.contracts.event.AttemptSummary;
import io.genpipe.contracts.event.ExperimentArm;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.contracts.event.JobFailed;
import io.genpipe.contracts.event.JobInputs;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.JobSucceeded;
import io.genpipe.contracts.event.VendorCall;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RouteExplanation;
import io.genpipe.contracts.event.TrainedModel;
import io.genpipe.contracts.event.Training;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The events of one job as the pipeline writes them, told in order: requested, then for each attempt its dispatch
 * and its result, then the outcome. Times are fixed (each attempt is dispatched when the one before ended and takes
 * its latency, the outcome follows the last attempt by 50 ms), so durations are known to the millisecond. Each
 * dispatch explains itself as the router does: policy "cost", the chosen candidate scored, the providers tried
 * before skipped as "tried".
 */
public final class JobStory {

    public static final Instant REQUESTED_AT = Instant.parse("2026-11-22T10:00:00Z");
    public static final String FAL = "fal";
    public static final String FLUX = "fal-ai/flux/schnell";
    public static final String OPENAI = "openai";
    public static final String GPT_IMAGE = "gpt-image-1";
    public static final String FAL_TRAINER = "fal-ai/flux-lora-fast-training";
    public static final String FAL_EDIT = "fal-ai/qwen-image-edit";

    private final JobRequested request;
    private final List<AttemptDispatched> dispatches = new ArrayList<>();
    private final List<AttemptResult> attempts = new ArrayList<>();
    private ExperimentArm experiment;
    private Instant now;

    private JobStory(JobRequested request) {
        this.request = request;
        this.now = request.occurredAt();
    }

    public static JobStory of(String jobId, String tenantId, String batchId) {
        return requestedAt(jobId, tenantId, batchId, REQUESTED_AT);
    }

    /** A job of a batch that says it has {@code size} jobs, as the ingress's batches do. */
    public static JobStory ofBatch(String jobId, String tenantId, String batchId, int size) {
        return new JobStory(of(jobId, tenantId, batchId).request.withBatchSize(size));
    }

    /** A story whose request was made at {@code at}: for reports over the last hours. */
    public static JobStory requestedAt(String jobId, String tenantId, String batchId, Instant at) {
        return new JobStory(JobRequested.create(jobId, tenantId, batchId, Operation.TEXT_TO_IMAGE,
                "A lighthouse at dawn", new ImageParams(1024, 768, 1, null, null), null, at));
    }

    /** A model-training job on a zipped training set, requested at {@code at}: it makes a model, not images. */
    public static JobStory training(String jobId, String tenantId, String batchId, Instant at) {
        return new JobStory(new JobRequested(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), jobId, at,
                tenantId, batchId, Operation.MODEL_TRAINING, null, null, null, null, null, null, null,
                JobInputs.training(List.of("https://images.example/lighthouses.zip"),
                        new Training("lighthouse-style", "LHSTYLE", 1000))));
    }

    /** An image-edit job of one input image, requested at {@code at}. */
    public static JobStory editing(String jobId, String tenantId, String batchId, Instant at) {
        return new JobStory(new JobRequested(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), jobId, at,
                tenantId, batchId, Operation.IMAGE_EDIT, "Paint the lighthouse red", null, null, null, null, null, null,
                JobInputs.edit(List.of("https://images.example/lighthouse.png"), null)));
    }

    /** A story whose job asks for its outcome to be POSTed to {@code callbackUrl}. */
    public static JobStory calledBack(String jobId, String tenantId, String callbackUrl) {
        return new JobStory(of(jobId, tenantId, null).request.withCallback(callbackUrl));
    }

    /** Every dispatch, result and outcome told from now on carries this A/B arm, as the router's do. */
    public JobStory inExperiment(String experimentId, String arm) {
        experiment = new ExperimentArm(experimentId, arm);
        return this;
    }

    public JobRequested requested() {
        return request;
    }

    public String jobId() {
        return request.jobId();
    }

    /** The dispatches told so far, oldest first: the one of attempt n is at n - 1. */
    public List<AttemptDispatched> dispatches() {
        return List.copyOf(dispatches);
    }

    /** The attempts told so far, oldest first. */
    public List<AttemptResult> attempts() {
        return List.copyOf(attempts);
    }

    public AttemptFailed fails(String provider, String model, FailureClass failureClass, String costUsd,
                               long latencyMs) {
        AttemptDispatched dispatch = nextDispatch(provider, model);
        now = now.plusMillis(latencyMs);
        AttemptFailed failed = dispatch
                .failed(failureClass, provider + " said no", usd(costUsd), latencyMs, now);
        attempts.add(failed);
        return failed;
    }

    public AttemptSucceeded succeeds(String provider, String model, String costUsd, long latencyMs) {
        AttemptDispatched dispatch = nextDispatch(provider, model);
        now = now.plusMillis(latencyMs);
        AttemptSucceeded succeeded = dispatch
                .succeeded(List.of(image()), usd(costUsd), latencyMs, now);
        attempts.add(succeeded);
        return succeeded;
    }

    /** A training attempt that made {@code trained} and no image. */
    public AttemptSucceeded trains(String provider, String model, String costUsd, long latencyMs,
                                   TrainedModel trained) {
        AttemptDispatched dispatch = nextDispatch(provider, model);
        now = now.plusMillis(latencyMs);
        AttemptSucceeded succeeded = dispatch.succeeded(List.of(), usd(costUsd), latencyMs, now)
                .withTrainedModel(trained);
        attempts.add(succeeded);
        return succeeded;
    }

    /** What the worker of attempt {@code attempt} reported {@code afterMs} after its dispatch. */
    public AttemptProgressed progressed(int attempt, String status, Integer percent, String message, long afterMs) {
        AttemptDispatched dispatch = dispatches.get(attempt - 1);
        return AttemptProgressed.of(dispatch, status, percent, message, dispatch.occurredAt().plusMillis(afterMs));
    }

    /** The same attempt reported again with a new event id, as when a worker crashed and called the vendor twice. */
    public AttemptResult reportedAgain(AttemptResult attempt, String costUsd) {
        AttemptDispatched dispatch = new AttemptDispatched(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(),
                jobId(), attempt.occurredAt(), attempt.attempt(), attempt.provider(), attempt.model(), "test", null,
                request, attempt.previousAttempts(), null, List.of(), null, experiment);
        Instant later = attempt.occurredAt().plusSeconds(5);
        return attempt instanceof AttemptFailed f
                ? dispatch.failed(f.failureClass(), f.reason(), new BigDecimal(costUsd), f.latencyMs(), later)
                : dispatch.succeeded(List.of(image()), new BigDecimal(costUsd), attempt.latencyMs(), later);
    }

    /**
     * A vendor call of an attempt of this job, as a worker reports it: {@code n} its place in the attempt's journal.
     * {@code costUsd} null for unknown.
     */
    public VendorCall call(AttemptResult attempt, int n, VendorCall.Outcome outcome, String costUsd) {
        return new VendorCall(VendorCall.id(jobId(), attempt.attempt(), n), 0, null, "worker-" + n,
                attempt.occurredAt().minusMillis(attempt.latencyMs()), outcome,
                costUsd == null ? null : new BigDecimal(costUsd));
    }

    /** The router's outcome after the last attempt, which must have succeeded. */
    public JobSucceeded succeeded() {
        AttemptSucceeded last = (AttemptSucceeded) attempts.get(attempts.size() - 1);
        return new JobSucceeded(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), jobId(), completedAt(),
                request.tenantId(), request.batchId(), request.occurredAt(), last.provider(), last.model(),
                last.images(), history(), experiment, last.trainedModel());
    }

    public JobFailed failed(String reason) {
        AttemptResult last = attempts.get(attempts.size() - 1);
        FailureClass failureClass = last instanceof AttemptFailed f ? f.failureClass() : null;
        return new JobFailed(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), jobId(), completedAt(),
                request.tenantId(), request.batchId(), request.occurredAt(), failureClass, reason, history(),
                experiment);
    }

    public Instant completedAt() {
        return now.plusMillis(50);
    }

    public long durationMs() {
        return completedAt().toEpochMilli() - request.occurredAt().toEpochMilli();
    }

    /** A cost as text; null for a cost the catalog could not compute (unknown). */
    private static BigDecimal usd(String costUsd) {
        return costUsd == null ? null : new BigDecimal(costUsd);
    }

    public static ImageRef image() {
        return new ImageRef("https://images.example/lighthouse.png", 1024, 768, "image/png");
    }

    private AttemptDispatched nextDispatch(String provider, String model) {
        List<RouteExplanation.Skip> tried = attempts.stream()
                .map(a -> new RouteExplanation.Skip(a.provider(), a.model(), "tried", a.provider() + " was tried"))
                .toList();
        RouteExplanation route = new RouteExplanation("cost", List.of(new RouteExplanation.Score(provider, model,
                0.875, new BigDecimal("0.0400"), 80, 4_000, null, null)), tried);
        AttemptDispatched dispatch = new AttemptDispatched(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(),
                jobId(), now, attempts.size() + 1, provider, model, "cheapest qualifying: " + provider,
                now.plusSeconds(120), request, history(), null, List.of(), route, experiment);
        dispatches.add(dispatch);
        return dispatch;
    }

    private List<AttemptSummary> history() {
        return attempts.stream().map(AttemptResult::summary).toList();
    }
}
