package io.genpipe.worker.adapter.replicate;

import io.genpipe.contracts.catalog.Size;
import io.genpipe.contracts.catalog.Usage;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.worker.adapter.Billing;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.InternalErrors;
import io.genpipe.worker.adapter.TransportFailures;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.adapter.VendorJson;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One prediction, as a chain of callbacks: create (held open by {@code Prefer: wait} at most until shortly before
 * the deadline), then a poll scheduled after each answer until it ends. No thread waits between steps. Past the
 * attempt's deadline the prediction is cancelled at Replicate and the attempt ends as TIMEOUT.
 */
final class ReplicatePrediction {

    /** Polls that may fail in a row (a blip at Replicate's edge) before the attempt is given up. */
    private static final int MAX_POLL_FAILURES = 3;
    /** Replicate's ids are lower-case base32; anything else is not put into a URL. */
    private static final Pattern PREDICTION_ID = Pattern.compile("[a-z0-9]{1,64}");
    /** Replicate refuses a Cancel-After below 5 s. */
    private static final Duration SHORTEST_CANCEL_AFTER = Duration.ofSeconds(5);

    private final String provider;
    private final GenerationRequest request;
    private final String root;
    private final String authorization;
    private final Billing billing;
    private final ReplicateOptions options;
    private final VendorHttp http;
    private final ScheduledExecutorService scheduler;
    private final long startNanos = System.nanoTime();
    private final long deadlineNanos;
    private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();

    private volatile String predictionId;
    private volatile int pollFailures;
    private volatile Duration upcoming;
    private volatile Duration interval;

    ReplicatePrediction(String provider, GenerationRequest request, String root, String authorization, Billing billing,
                        ReplicateOptions options, VendorHttp http, ScheduledExecutorService scheduler) {
        this.provider = provider;
        this.request = request;
        this.root = root;
        this.authorization = authorization;
        this.billing = billing;
        this.options = options;
        this.http = http;
        this.scheduler = scheduler;
        this.deadlineNanos = startNanos + request.timeout().toNanos();
    }

    CompletableFuture<GenerationResult> start(ReplicateModel model, String body) {
        Optional<String> created = request.submittedRequest();
        if (created.isPresent() && PREDICTION_ID.matcher(created.get()).matches()) {
            // Created before a crash or a redelivery: Replicate is running it (or has its output), so poll, not pay.
            predictionId = created.get();
            upcoming = interval = options.pollInterval();
            schedulePoll();
            return result;
        }
        HttpRequest.Builder create = call(URI.create(root + model.createPath()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        options.prefer(request.timeout()).ifPresent(prefer -> create.header("Prefer", prefer));
        if (request.timeout().compareTo(SHORTEST_CANCEL_AFTER) >= 0) {
            // Replicate cancels it by itself at the deadline, even if this worker is gone by then.
            create.header("Cancel-After", (request.timeout().toMillis() + 999) / 1000 + "s");
        }
        request.recordCalling(); // a crash before its id is recorded: a lost call, not a forgotten one
        send(create.build(), this::onCreated);
        return result;
    }

    private void onCreated(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status != 200 && status != 201 && status != 202) {
            finish(ReplicateErrors.classify(status, response.headers(), response.body()));
            return;
        }
        JsonNode prediction = VendorJson.parse(response.body());
        String id = prediction.path("id").asString("");
        if (!PREDICTION_ID.matcher(id).matches()) {
            finish(Failed.of(FailureClass.RETRYABLE, "Replicate created a prediction without a usable id"));
            return;
        }
        predictionId = id;
        request.recordSubmitted(id);
        upcoming = options.firstPoll(request.model().latency().p50(),
                Duration.ofNanos(System.nanoTime() - startNanos));
        interval = options.pollInterval();
        onPrediction(prediction);
    }

    private void onPrediction(JsonNode prediction) {
        String status = prediction.path("status").asString("").toLowerCase(Locale.ROOT);
        switch (status) {
            case "succeeded" -> finish(succeeded(prediction));
            case "failed" -> finish(ReplicateErrors.failedPrediction(prediction.path("error").asString(""),
                    bill(List.of(), prediction)));
            case "canceled" -> finish(System.nanoTime() - deadlineNanos >= 0
                    ? new Failed(FailureClass.TIMEOUT, TransportFailures.timedOut(request.timeout()).reason(),
                    bill(List.of(), prediction))
                    : new Failed(FailureClass.RETRYABLE, "prediction canceled at Replicate", bill(List.of(), prediction)));
            case "aborted" -> finish(Failed.of(FailureClass.RETRYABLE, "prediction aborted at Replicate"));
            default -> schedulePoll(); // starting, processing
        }
    }

    /**
     * The images of a prediction that succeeded. Output is a list of URLs, or one URL for single-output models.
     * An hour after it ended Replicate has removed it ({@code data_removed}): the images are gone.
     */
    private GenerationResult succeeded(JsonNode prediction) {
        Size size = new Size(request.params().width(), request.params().height());
        JsonNode output = prediction.path("output");
        List<String> urls = new ArrayList<>();
        if (output.isString()) {
            urls.add(output.stringValue());
        } else {
            for (JsonNode url : output) {
                if (url.isString() && !url.stringValue().isBlank()) {
                    urls.add(url.stringValue());
                }
            }
        }
        if (urls.isEmpty()) {
            boolean removed = prediction.path("data_removed").asBoolean(false);
            return new Failed(FailureClass.RETRYABLE, removed ? "prediction output already removed by Replicate"
                    : "prediction succeeded without output", bill(List.of(), prediction));
        }
        Usd cost = bill(Collections.nCopies(urls.size(), size), prediction);
        List<ImageRef> images = new ArrayList<>();
        for (String url : urls) {
            images.add(new ImageRef(url, size.width(), size.height(), contentType(url)));
        }
        return new GenerationResult.Generated(images, cost);
    }

    /** The catalog price applied to the images made and the seconds the model ran ({@code metrics.predict_time}). */
    private Usd bill(List<Size> images, JsonNode prediction) {
        JsonNode seconds = prediction.path("metrics").path("predict_time");
        Usage usage = Usage.ofImages(images, null)
                .withGpuSeconds(seconds.isNumber() && seconds.doubleValue() >= 0 ? seconds.decimalValue() : null);
        if (images.isEmpty()) {
            // No image: a per-image price bills nothing; a per-second one bills the time, or is unknown without it.
            return request.model().pricing().bill(usage).orElse(null);
        }
        return billing.bill(provider, request.model(), usage);
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
            send(call(URI.create(root + "/predictions/" + predictionId)).GET().build(), this::onPolled);
        }
    }

    private void onPolled(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 200) {
            pollFailures = 0;
            onPrediction(VendorJson.parse(response.body()));
        } else if (status == 404) {
            finish(Failed.of(FailureClass.RETRYABLE, "HTTP 404 prediction no longer known to Replicate"));
        } else if ((status >= 500 || status == 429) && ++pollFailures < MAX_POLL_FAILURES) {
            schedulePoll();
        } else {
            finish(ReplicateErrors.classify(status, response.headers(), response.body()));
        }
    }

    private void send(HttpRequest httpRequest, Step next) {
        http.send(httpRequest).whenComplete((response, error) -> {
            try {
                if (error != null) {
                    onTransportError(error);
                } else {
                    next.accept(response);
                }
            } catch (RuntimeException bug) {
                finish(InternalErrors.failed(provider, request, bug));
            }
        });
    }

    private void onTransportError(Throwable error) {
        Throwable cause = TransportFailures.unwrap(error);
        if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
            timedOut();
        } else if (predictionId != null && ++pollFailures < MAX_POLL_FAILURES) {
            schedulePoll(); // the prediction runs at Replicate: one lost poll does not lose it
        } else {
            finish(TransportFailures.classify(cause, request.timeout()));
        }
    }

    /**
     * Gives up, and cancels the prediction so that nobody pays for a run nobody waits for. Its cost is what the price
     * makes of no image and an unknown run time: nothing per image, unknown per second.
     */
    private void timedOut() {
        String id = predictionId;
        if (id != null && !result.isDone()) {
            http.sendAndForget(HttpRequest.newBuilder(URI.create(root + "/predictions/" + id + "/cancel"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build());
            finish(new Failed(FailureClass.TIMEOUT, TransportFailures.timedOut(request.timeout()).reason(),
                    request.model().pricing().bill(Usage.ofImages(List.of(), null)).orElse(null)));
        } else {
            finish(TransportFailures.timedOut(request.timeout()));
        }
    }

    /** A request to Replicate carrying the key, timed to end no later than the attempt. */
    private HttpRequest.Builder call(URI uri) {
        long remaining = Math.max(1, deadlineNanos - System.nanoTime());
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofNanos(remaining))
                .header("Authorization", authorization)
                .header("Accept", "application/json");
    }

    private static String contentType(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".webp")) {
            return "image/webp";
        }
        if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
            return "image/jpeg";
        }
        return "image/png";
    }

    private void finish(GenerationResult outcome) {
        result.complete(outcome);
    }

    @FunctionalInterface
    private interface Step {
        void accept(HttpResponse<String> response);
    }
}
