package io.genpipe.worker.adapter;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.ImageParams;

import java.time.Duration;
import java.util.Objects;

/**
 * One vendor call: what to generate, for which attempt of which job, and how long the call may take.
 *
 * @param model   the vendor's model id, e.g. {@code fal-ai/flux/schnell} or {@code gpt-image-1}
 * @param timeout the call is given up (TIMEOUT) when it has not ended after this long
 */
public record GenerationRequest(String jobId, int attempt, String model, String prompt, ImageParams params,
                                Duration timeout) {

    public GenerationRequest {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(prompt, "prompt");
        params = params == null ? ImageParams.defaults() : params;
        Objects.requireNonNull(timeout, "timeout");
    }

    public static GenerationRequest of(AttemptDispatched dispatch, Duration timeout) {
        return new GenerationRequest(dispatch.jobId(), dispatch.attempt(), dispatch.model(), dispatch.job().prompt(),
                dispatch.job().params(), timeout);
    }

    /** Never prints the prompt: it is the caller's content and stays out of logs. */
    @Override
    public String toString() {
        return "GenerationRequest[jobId=" + jobId + ", attempt=" + attempt + ", model=" + model + ", params=" + params
                + ", promptLength=" + prompt.length() + ", timeout=" + timeout + "]";
    }
}
