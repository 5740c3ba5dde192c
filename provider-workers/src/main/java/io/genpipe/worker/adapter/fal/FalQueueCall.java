package io.genpipe.worker.adapter.fal;

import io.genpipe.contracts.catalog.Size;
import io.genpipe.contracts.catalog.Usage;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.worker.adapter.Billing;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.TransportFailures;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.adapter.VendorJson;
import tools.jackson.databind.JsonNode;

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

/**
 * One request through fal's queue, as a chain of callbacks: submit, then a status poll scheduled after each
 * answer, then the result. No thread waits between steps. The whole chain is bounded by the request's timeout;
 * past it the request is cancelled at fal (so it stops billing) and the attempt ends as TIMEOUT.
 */
final class FalQueueCall {

    /** Status polls that may fail in a row (a blip at fal's gateway) before the attempt is given up. */
    private static final int MAX_POLL_FAILURES = 3;

    private final String provider;
    private final GenerationRequest request;
    private final FalEndpoint endpoint;
    private final String authorization;
    private final Billing billing;
    private final FalOptions options;
    private final VendorHttp http;
    private final ScheduledExecutorService scheduler;
    private final long deadlineNanos;
    private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();

    private volatile URI statusUrl;
    private volatile URI resultUrl;
    private volatile URI cancelUrl;
    private volatile int pollFailures;
    /** The wait before the next status poll: the first comes from the model's usual latency. */
    private volatile Duration upcoming;
    /** The wait between the polls after the first, growing by half each time up to the maximum. */
    private volatile Duration interval;

    FalQueueCall(String provider, GenerationRequest request, FalEndpoint endpoint, String authorization,
                 Billing billing, FalOptions options, VendorHttp http, ScheduledExecutorService scheduler) {
        this.provider = provider;
        this.request = request;
        this.endpoint = endpoint;
        this.authorization = authorization;
        this.billing = billing;
        this.options = options;
        this.http = http;
        this.scheduler = scheduler;
        this.deadlineNanos = System.nanoTime() + request.timeout().toNanos();
    }

    CompletableFuture<GenerationResult> start(String body) {
        Optional<String> submitted = request.submittedRequest();
        if (submitted.isPresent()) {
            // Submitted before a crash or a redelivery: fal is running it (or has its result), so poll, not pay again.
            follow(null, null, null, submitted.get());
            upcoming = interval = options.pollInterval(); // it has been running a while already
            schedulePoll();
            return result;
        }
        HttpRequest submit = call(endpoint.submit(request.modelId()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        send(submit, this::onSubmitted);
        return result;
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
            send(call(statusUrl).GET().build(), this::onStatus);
        }
    }

    private void onStatus(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 200 || status == 202) {
            pollFailures = 0;
            String state = VendorJson.parse(response.body()).path("status").asString("");
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

    private void onResult(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 200) {
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
                finish(io.genpipe.worker.adapter.InternalErrors.failed(provider, request, bug));
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
        finish(TransportFailures.timedOut(request.timeout()));
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
