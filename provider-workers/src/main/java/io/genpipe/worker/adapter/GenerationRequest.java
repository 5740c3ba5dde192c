package io.genpipe.worker.adapter;

import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.ImageParams;

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
 */
public record GenerationRequest(String jobId, int attempt, CatalogModel model, String prompt, ImageParams params,
                                Duration timeout, int firstImage, CallJournal journal) {

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
    }

    /** The whole attempt as one call. */
    public GenerationRequest(String jobId, int attempt, CatalogModel model, String prompt, ImageParams params,
                             Duration timeout) {
        this(jobId, attempt, model, prompt, params, timeout, 0, CallJournal.NONE);
    }

    /** One call of a split attempt: {@code count} images, numbered from {@code first}. */
    public GenerationRequest part(int first, int count) {
        return new GenerationRequest(jobId, attempt, model, prompt, new ImageParams(params.width(), params.height(),
                count, params.seed(), params.negativePrompt(), params.steps()), timeout, first, journal);
    }

    /** The same call with another time limit: a retry gets what is left of the attempt. */
    public GenerationRequest withTimeout(Duration remaining) {
        return new GenerationRequest(jobId, attempt, model, prompt, params, remaining, firstImage, journal);
    }

    public static GenerationRequest of(AttemptDispatched dispatch, CatalogModel model, Duration timeout,
                                       CallJournal journal) {
        return new GenerationRequest(dispatch.jobId(), dispatch.attempt(), model, dispatch.job().prompt(),
                dispatch.params(), timeout, 0, journal);
    }

    /** The queue request this call submitted before (a crash, a redelivery): resume it rather than pay again. */
    public Optional<String> submittedRequest() {
        return journal.submittedRequest(firstImage);
    }

    /** A queue vendor accepted this call under {@code requestId}. */
    public void recordSubmitted(String requestId) {
        journal.submitted(firstImage, requestId);
    }

    /** This call is going out to a synchronous vendor. */
    public void recordCalling() {
        journal.calling(firstImage);
    }

    /** The vendor's model id, e.g. {@code fal-ai/flux/schnell} or {@code gpt-image-2}. */
    public String modelId() {
        return model.id();
    }

    /** Never prints the prompt: it is the caller's content and stays out of logs. */
    @Override
    public String toString() {
        return "GenerationRequest[jobId=" + jobId + ", attempt=" + attempt + ", model=" + model.id() + ", params="
                + params + ", promptLength=" + prompt.length() + ", timeout=" + timeout + ", firstImage=" + firstImage
                + "]";
    }
}
