package io.genpipe.worker.adapter;

import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobInputs;
import io.genpipe.contracts.event.Operation;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One vendor call: what to generate, on which catalog model, for which attempt of which job, and how long the call
 * may take.
 *
 * @param model   the dispatched model as the catalog knows it: its id, what it takes, its price
 * @param params  what the vendor is sent, exactly: the dispatch's parameters, which the router already fitted to
 *                the model
 * @param timeout    the call is given up (TIMEOUT) when it has not ended after this long
 * @param firstImage the index, within the attempt, of this call's first image: an attempt for more images than the
 *                   model makes per call is made in several calls ({@link #part}), and their images number on
 * @param journal    where the call records its vendor request, and finds the one it made before a crash
 * @param operation  what the job asks for: an adapter does the operations its models' catalog entries name
 * @param inputs     the job's input images, mask, LoRA weights or training, by reference
 * @param progress   where a long-running call (a training) says how it is getting on
 */
public record GenerationRequest(String jobId, int attempt, CatalogModel model, String prompt, ImageParams params,
                                Duration timeout, int firstImage, CallJournal journal, Operation operation,
                                JobInputs inputs, Progress progress) {

    public GenerationRequest {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(prompt, "prompt");
        params = params == null ? ImageParams.defaults() : params;
        Objects.requireNonNull(timeout, "timeout");
        if (firstImage < 0) {
            throw new IllegalArgumentException("firstImage must not be negative, was " + firstImage);
        }
        journal = journal == null ? CallJournal.NONE : journal;
        operation = operation == null ? Operation.TEXT_TO_IMAGE : operation;
        inputs = inputs == null ? JobInputs.NONE : inputs;
        progress = progress == null ? Progress.NONE : progress;
    }

    /** A text-to-image call, as every call was before edits and trainings. */
    public GenerationRequest(String jobId, int attempt, CatalogModel model, String prompt, ImageParams params,
                             Duration timeout, int firstImage, CallJournal journal) {
        this(jobId, attempt, model, prompt, params, timeout, firstImage, journal, Operation.TEXT_TO_IMAGE,
                JobInputs.NONE, Progress.NONE);
    }

    /** The whole attempt as one text-to-image call. */
    public GenerationRequest(String jobId, int attempt, CatalogModel model, String prompt, ImageParams params,
                             Duration timeout) {
        this(jobId, attempt, model, prompt, params, timeout, 0, CallJournal.NONE);
    }

    /** The same call, doing {@code newOperation} on {@code newInputs}. */
    public GenerationRequest withInputs(Operation newOperation, JobInputs newInputs) {
        return new GenerationRequest(jobId, attempt, model, prompt, params, timeout, firstImage, journal, newOperation,
                newInputs, progress);
    }

    /** The same call, reporting its progress to {@code newProgress}. */
    public GenerationRequest withProgress(Progress newProgress) {
        return new GenerationRequest(jobId, attempt, model, prompt, params, timeout, firstImage, journal, operation,
                inputs, newProgress);
    }

    /** One call of a split attempt: {@code count} images, numbered from {@code first}. */
    public GenerationRequest part(int first, int count) {
        return new GenerationRequest(jobId, attempt, model, prompt, new ImageParams(params.width(), params.height(),
                count, params.seed(), params.negativePrompt(), params.steps()), timeout, first, journal, operation,
                inputs, progress);
    }

    /** The same call with another time limit: a retry gets what is left of the attempt. */
    public GenerationRequest withTimeout(Duration remaining) {
        return new GenerationRequest(jobId, attempt, model, prompt, params, remaining, firstImage, journal, operation,
                inputs, progress);
    }

    public static GenerationRequest of(AttemptDispatched dispatch, CatalogModel model, Duration timeout,
                                       CallJournal journal, Progress progress) {
        return new GenerationRequest(dispatch.jobId(), dispatch.attempt(), model, dispatch.job().prompt(),
                dispatch.params(), timeout, 0, journal, dispatch.job().operation(), dispatch.job().inputs(), progress);
    }

    /** The queue request this call submitted before (a crash, a redelivery): resume it rather than pay again. */
    public Optional<String> submittedRequest() {
        return journal.submittedRequest(firstImage);
    }

    /** A queue vendor accepted this call under {@code requestId}. */
    public void recordSubmitted(String requestId) {
        journal.submitted(firstImage, requestId);
    }

    /**
     * This call is going out: to a synchronous vendor, or to a queue vendor before its request id is known (then
     * {@link #recordSubmitted} follows).
     */
    public void recordCalling() {
        journal.calling(firstImage);
    }

    /** This call's answer came, retries done, costing {@code cost} ({@code null}: unknown). */
    public void recordAnswered(Usd cost) {
        journal.answered(firstImage, cost);
    }

    /** The vendor's model id, e.g. {@code fal-ai/flux/schnell} or {@code gpt-image-2}. */
    public String modelId() {
        return model.id();
    }

    /** Never prints the prompt: it is the caller's content and stays out of logs. */
    @Override
    public String toString() {
        return "GenerationRequest[jobId=" + jobId + ", attempt=" + attempt + ", operation=" + operation.wireName()
                + ", model=" + model.id() + ", inputImages=" + inputs.images().size() + ", params="
                + params + ", promptLength=" + prompt.length() + ", timeout=" + timeout + ", firstImage=" + firstImage
                + "]";
    }
}
