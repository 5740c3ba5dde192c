package io.genpipe.worker.adapter.fal;

import io.genpipe.contracts.catalog.Size;
import io.genpipe.contracts.catalog.Usage;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.TrainedModel;
import io.genpipe.worker.adapter.Billing;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.InputFiles;
import io.genpipe.worker.adapter.InternalErrors;
import io.genpipe.worker.adapter.TransportFailures;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.adapter.VendorJson;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One request through fal's queue, as a chain of callbacks: submit, then a status poll scheduled after each
 * answer, then the result. No thread waits between steps. The whole chain is bounded by the request's timeout;
 * past it the request is cancelled at fal (so it stops billing) and the attempt ends as TIMEOUT. The submit tells
 * fal the same bound as a start deadline ({@code X-Fal-Request-Timeout}): a request fal could not start in time
 * ends there, unbilled, instead of starting when nobody waits for it.
 *
 * <p>A training polls with its logs ({@code ?logs=1}) and reports from them how far it is; it ends in the LoRA
 * weights' URL, billed the catalog's price per run.
 */
final class FalQueueCall {

    /** Status polls that may fail in a row (a blip at fal's gateway) before the attempt is given up. */
    private static final int MAX_POLL_FAILURES = 3;
    static final String REQUEST_TIMEOUT_HEADER = "X-Fal-Request-Timeout";
    static final String NO_RETRY_HEADER = "x-fal-no-retry";

    private final String provider;
    private final GenerationRequest request;
    private final FalEndpoint endpoint;
    private final String authorization;
    private final Billing billing;
    private final FalOptions options;
    private final VendorHttp http;
    private final ScheduledExecutorService scheduler;
    private final boolean noRetry;
    private final boolean training;
    private final long deadlineNanos;
    private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();

    private volatile URI statusUrl;
    private volatile URI resultUrl;
    private volatile URI cancelUrl;
    private volatile int pollFailures;
    /** fal said IN_PROGRESS: the request ran, and a cancelled training may have been billed. */
    private volatile boolean sawRunning;
    /** The wait before the next status poll: the first comes from the model's usual latency. */
    private volatile Duration upcoming;
    /** The wait between the polls after the first, growing by half each time up to the maximum. */
    private volatile Duration interval;

    /**
     * @param noRetry genpipe retries this provider's failed calls itself ({@code retry.max-attempts} above 1), so
     *                fal is asked not to ({@code x-fal-no-retry}): two layers of retries multiply, and fal's would
     *                spend the attempt's time where genpipe's back-off and re-routing cannot see it
     */
    FalQueueCall(String provider, GenerationRequest request, FalEndpoint endpoint, String authorization,
                 Billing billing, FalOptions options, VendorHttp http, ScheduledExecutorService scheduler,
                 boolean noRetry) {
        this.provider = provider;
        this.request = request;
        this.endpoint = endpoint;
        this.authorization = authorization;
        this.billing = billing;
        this.options = options;
        this.http = http;
        this.scheduler = scheduler;
        this.noRetry = noRetry;
        this.training = request.operation() == Operation.MODEL_TRAINING;
        this.deadlineNanos = System.nanoTime() + request.timeout().toNanos();
    }

    /** Submits the model input, or resumes the request a crash left; a body that could not be made fails first. */
    CompletableFuture<GenerationResult> start(Supplier<CompletableFuture<String>> input) {
        Optional<String> submitted = request.submittedRequest();
        if (submitted.isPresent()) {
            // Submitted before a crash or a redelivery: fal is running it (or has its result), so poll, not pay again.
            follow(null, null, null, submitted.get());
            upcoming = interval = options.pollInterval(); // it has been running a while already
            schedulePoll();
            return result;
        }
        // Made only for a new submit: a resumed training does not zip its images again.
        input.get().whenComplete((body, error) -> {
            if (error != null) {
                finish(unreadableInput(error));
            } else {
                try {
                    // Recorded before it goes: a crash before fal's answer is recorded leaves a call that may be
                    // billed and cannot be resumed, counted as lost by the replacement instead of forgotten.
                    request.recordCalling();
                    send(submitCall(body), this::onSubmitted);
                } catch (RuntimeException bug) {
                    finish(InternalErrors.failed(provider, request, bug));
                }
            }
        });
        return result;
    }

    private HttpRequest submitCall(String input) {
        HttpRequest.Builder submit = call(endpoint.submit(request.modelId()))
                .header("Content-Type", "application/json")
                .header(REQUEST_TIMEOUT_HEADER, Long.toString(startDeadlineSeconds()))
                .POST(HttpRequest.BodyPublishers.ofString(input));
        if (noRetry) {
            submit.header(NO_RETRY_HEADER, "1");
        }
        return submit.build();
    }

    /**
     * The whole seconds left of the call's time, at least 1: a request fal has not started by then could not end in
     * time, so it should never start (fal counts the deadline for starting, not for finishing).
     */
    long startDeadlineSeconds() {
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadlineNanos - System.nanoTime()));
    }

    /** An input file the worker cannot read: no other provider could be sent it either. */
    private GenerationResult unreadableInput(Throwable error) {
        Throwable cause = TransportFailures.unwrap(error);
        if (cause instanceof InputFiles.InputFileException unreadable) {
            return Failed.of(FailureClass.INVALID_REQUEST, unreadable.getMessage());
        }
        if (cause instanceof IOException) {
            // Downloading an input image failed on the way. Its host, not fal, is at fault, but the classes have no
            // word for that: it passes as a connection error, as the same download would for the next provider.
            return TransportFailures.classify(cause, request.timeout());
        }
        return InternalErrors.failed(provider, request, cause);
    }

    private void onSubmitted(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            finish(FalErrors.classify(response.statusCode(), response.headers(), response.body()));
            return;
        }
        JsonNode json = VendorJson.parse(response.body());
        String requestId = json.path("request_id").asString("");
        if (!FalEndpoint.validRequestId(requestId)) {
            finish(Failed.of(FailureClass.RETRYABLE, "fal accepted the request without a usable request_id"));
            return;
        }
        request.recordSubmitted(requestId);
        follow(json.path("status_url").asString(null), json.path("response_url").asString(null),
                json.path("cancel_url").asString(null), requestId);
        upcoming = options.firstPoll(request.model().latency().p50());
        interval = options.pollInterval();
        schedulePoll();
    }

    private void follow(String status, String response, String cancel, String requestId) {
        statusUrl = endpoint.status(status, request.modelId(), requestId);
        resultUrl = endpoint.result(response, request.modelId(), requestId);
        cancelUrl = endpoint.cancel(cancel, request.modelId(), requestId);
    }

    private void schedulePoll() {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            timedOut();
            return;
        }
        try {
            Duration wait = upcoming;
            upcoming = interval;
            interval = options.nextPoll(interval);
            scheduler.schedule(this::poll, Math.min(wait.toNanos(), remaining), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            finish(Failed.of(FailureClass.RETRYABLE, "worker shutting down"));
        }
    }

    private void poll() {
        if (!result.isDone()) {
            // A training's logs tell how far it is; an image call has nobody following it, so it skips them.
            URI status = training ? withLogs(statusUrl) : statusUrl;
            send(call(status).GET().build(), this::onStatus);
        }
    }

    private static URI withLogs(URI status) {
        String text = status.toString();
        return URI.create(text + (status.getRawQuery() == null ? "?" : "&") + "logs=1");
    }

    private void onStatus(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 200 || status == 202) {
            pollFailures = 0;
            JsonNode json = VendorJson.parse(response.body());
            String state = json.path("status").asString("");
            if (state.equals("IN_PROGRESS") || state.equals("COMPLETED")) {
                sawRunning = true;
            }
            if (training) {
                report(state, json);
            }
            if (state.equals("COMPLETED")) {
                send(call(resultUrl).GET().build(), this::onResult);
            } else {
                schedulePoll(); // IN_QUEUE or IN_PROGRESS
            }
        } else if (status == 404) {
            finish(Failed.of(FailureClass.RETRYABLE, "HTTP 404 request no longer known to fal"));
        } else if (status >= 500 && ++pollFailures < MAX_POLL_FAILURES) {
            schedulePoll();
        } else {
            finish(FalErrors.classify(status, response.headers(), response.body()));
        }
    }

    /** Never fails the call: progress is for people watching, not for the outcome. */
    private void report(String state, JsonNode status) {
        try {
            if (state.equals("IN_QUEUE")) {
                JsonNode position = status.path("queue_position");
                request.progress().report(state, null,
                        position.isIntegralNumber() ? "queue position " + position.asInt() : null);
            } else if (!state.isEmpty()) {
                FalTrainingProgress progress = FalTrainingProgress.of(status.path("logs"));
                Integer percent = state.equals("COMPLETED") ? Integer.valueOf(100) : progress.percent();
                request.progress().report(state, percent, progress.message());
            }
        } catch (RuntimeException ignored) {
            // a progress listener's failure is its own
        }
    }

    private void onResult(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 200 && training) {
            finish(trained(VendorJson.parse(response.body())));
        } else if (status == 200) {
            finish(generated(VendorJson.parse(response.body())));
        } else if (status == 404) {
            finish(Failed.of(FailureClass.RETRYABLE, "HTTP 404 result no longer kept by fal"));
        } else {
            // Failed requests end as COMPLETED too: the model's own error comes back here.
            finish(FalErrors.classify(status, response.headers(), response.body()));
        }
    }

    /**
     * The images of a result. Images fal's safety checker flagged come back blacked out: they are billed but not
     * kept, and a result with nothing else is a content rejection. The bill is the model's price applied to the
     * sizes fal reports for every image it made; when it leaves a size out, the cost is unknown rather than guessed.
     */
    private GenerationResult generated(JsonNode json) {
        List<ImageRef> kept = new ArrayList<>();
        List<Size> made = new ArrayList<>();
        boolean sizesReported = true;
        JsonNode flags = json.path("has_nsfw_concepts");
        int index = 0;
        for (JsonNode image : json.path("images")) {
            String url = image.path("url").asString("");
            if (url.isEmpty()) {
                continue;
            }
            int width = image.path("width").asInt(0);
            int height = image.path("height").asInt(0);
            if (width > 0 && height > 0) {
                made.add(new Size(width, height));
            } else {
                sizesReported = false;
            }
            if (!flags.path(index).asBoolean(false)) {
                kept.add(new ImageRef(url, width > 0 ? width : request.params().width(),
                        height > 0 ? height : request.params().height(), image.path("content_type").asString("image/png")));
            }
            index++;
        }
        if (index == 0) {
            return Failed.of(FailureClass.RETRYABLE, "fal result holds no images");
        }
        Usd cost = sizesReported ? billing.bill(provider, request.model(), Usage.ofImages(made, null))
                : billing.unknown(provider, request.model(), "fal's result leaves an image's size out");
        if (kept.isEmpty()) {
            return new Failed(FailureClass.CONTENT_REJECTED, "output flagged by fal's safety checker", cost);
        }
        return new GenerationResult.Generated(kept, cost);
    }

    /**
     * A training's result: the LoRA weights' URL ({@code diffusers_lora_file.url}), named with the job's trigger word,
     * billed the catalog's price per run. A result without the weights still ran, so it is billed, and it fails: no
     * job could use it.
     */
    private GenerationResult trained(JsonNode json) {
        Usd cost = billing.bill(provider, request.model(), Usage.ofImages(List.of(), null));
        String weights = json.path("diffusers_lora_file").path("url").asString("");
        if (weights.isBlank()) {
            return new Failed(FailureClass.RETRYABLE, "fal training result holds no diffusers_lora_file", cost);
        }
        TrainedModel model = new TrainedModel(TrainedModel.Kind.LORA_WEIGHTS, weights,
                request.inputs().training().triggerWord());
        return GenerationResult.Generated.trained(model, cost);
    }

    private void send(HttpRequest httpRequest, ResponseStep next) {
        http.send(httpRequest).whenComplete((response, error) -> {
            try {
                if (error != null) {
                    onTransportError(error);
                } else {
                    next.accept(response);
                }
            } catch (RuntimeException bug) {
                // Our bug, not fal's failure: logged once, and no breaker counts it against the provider.
                finish(InternalErrors.failed(provider, request, bug));
            }
        });
    }

    private void onTransportError(Throwable error) {
        Throwable cause = TransportFailures.unwrap(error);
        if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
            timedOut();
        } else if (statusUrl != null && ++pollFailures < MAX_POLL_FAILURES) {
            schedulePoll(); // the request is queued at fal: one lost poll does not lose it
        } else {
            finish(TransportFailures.classify(cause, request.timeout()));
        }
    }

    /** Gives up, and asks fal to cancel so a request nobody waits for stops running and billing. */
    private void timedOut() {
        URI cancel = cancelUrl;
        if (cancel != null && !result.isDone()) {
            http.sendAndForget(call(cancel).timeout(Duration.ofSeconds(10))
                    .PUT(HttpRequest.BodyPublishers.noBody())
                    .build());
        }
        Failed timedOut = TransportFailures.timedOut(request.timeout());
        if (sawRunning && training && !result.isDone()) {
            // fal bills a training per run; what it charges for a run cancelled part way is not documented [?].
            timedOut = new Failed(timedOut.failureClass(), timedOut.reason(), billing.unknown(provider,
                    request.model(), "a training cancelled while running may be billed in part"));
        }
        finish(timedOut);
    }

    /** A request to fal carrying the key, timed to end no later than the attempt. */
    private HttpRequest.Builder call(URI uri) {
        long remaining = Math.max(1, deadlineNanos - System.nanoTime());
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofNanos(remaining))
                .header("Authorization", authorization)
                .header("Accept", "application/json");
    }

    private void finish(GenerationResult outcome) {
        result.complete(outcome);
    }

    @FunctionalInterface
    private interface ResponseStep {
        void accept(HttpResponse<String> response);
    }
}
