package io.genpipe.worker.adapter.leonardo;

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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One Leonardo job as a chain of callbacks: create, then a poll scheduled after each answer until the job is
 * COMPLETE or FAILED. No thread waits between steps. The chain is bounded by the request's timeout; past it the
 * attempt ends TIMEOUT. Leonardo has no cancel call, and it charged the job's credits at create, so a timed-out job
 * still carries its cost.
 */
final class LeonardoGenerationCall {

    /** Polls that may fail in a row (a blip at Leonardo's gateway) before the attempt is given up. */
    private static final int MAX_POLL_FAILURES = 3;
    /** Ids go into a URL path, and come from Leonardo or from the journal: only what a UUID is made of. */
    private static final Pattern GENERATION_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final String provider;
    private final GenerationRequest request;
    private final URI generationsUrl;
    private final String authorization;
    private final Billing billing;
    private final LeonardoOptions options;
    private final VendorHttp http;
    private final ScheduledExecutorService scheduler;
    private final long deadlineNanos;
    private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();

    private volatile URI generationUrl;
    /** What the create answer said the job costs; null when it did not say, or the job was resumed after a crash. */
    private volatile BigDecimal creditCost;
    private volatile int pollFailures;
    private volatile Duration upcoming;
    private volatile Duration interval;

    LeonardoGenerationCall(String provider, GenerationRequest request, URI generationsUrl, String authorization,
                           Billing billing, LeonardoOptions options, VendorHttp http,
                           ScheduledExecutorService scheduler) {
        this.provider = provider;
        this.request = request;
        this.generationsUrl = generationsUrl;
        this.authorization = authorization;
        this.billing = billing;
        this.options = options;
        this.http = http;
        this.scheduler = scheduler;
        this.deadlineNanos = System.nanoTime() + request.timeout().toNanos();
    }

    CompletableFuture<GenerationResult> start(Supplier<String> body) {
        Optional<String> created = request.submittedRequest();
        if (created.isPresent() && GENERATION_ID.matcher(created.get()).matches()) {
            // Created before a crash or a redelivery: Leonardo is running it (or has its images), so poll, not pay again.
            follow(created.get());
            upcoming = interval = options.pollInterval();
            schedulePoll();
            return result;
        }
        HttpRequest create = call(generationsUrl)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.get()))
                .build();
        request.recordCalling(); // a crash before its id is recorded: a lost call, not a forgotten one
        send(create, this::onCreated);
        return result;
    }

    private void onCreated(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            finish(LeonardoErrors.classify(response.statusCode(), response.headers(), response.body()));
            return;
        }
        JsonNode job = VendorJson.parse(response.body()).path("sdGenerationJob");
        String id = job.path("generationId").asString("");
        if (!GENERATION_ID.matcher(id).matches()) {
            finish(Failed.of(FailureClass.RETRYABLE, "Leonardo accepted the job without a usable generationId"));
            return;
        }
        JsonNode cost = job.path("apiCreditCost");
        creditCost = cost.isNumber() && cost.decimalValue().signum() >= 0 ? cost.decimalValue() : null;
        request.recordSubmitted(id);
        follow(id);
        upcoming = options.firstPoll(request.model().latency().p50());
        interval = options.pollInterval();
        schedulePoll();
    }

    private void follow(String id) {
        generationUrl = URI.create(generationsUrl + "/" + id);
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
            send(call(generationUrl).GET().build(), this::onPolled);
        }
    }

    private void onPolled(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 200) {
            pollFailures = 0;
            JsonNode generation = VendorJson.parse(response.body()).path("generations_by_pk");
            if (!generation.isObject()) {
                finish(Failed.of(FailureClass.RETRYABLE, "generation no longer known to Leonardo"));
                return;
            }
            switch (generation.path("status").asString("")) {
                case "COMPLETE" -> finish(completed(generation));
                case "FAILED" -> finish(new Failed(FailureClass.RETRYABLE, "Leonardo generation FAILED",
                        billing.unknown(provider, request.model(),
                                "Leonardo does not say whether a FAILED generation is charged")));
                default -> schedulePoll(); // PENDING, or a status Leonardo adds later: it has not ended
            }
        } else if ((status == 429 || status >= 500) && ++pollFailures < MAX_POLL_FAILURES) {
            schedulePoll(); // a refused or failed poll does not lose the job
        } else {
            finish(LeonardoErrors.classify(status, response.headers(), response.body()));
        }
    }

    /**
     * The images of a COMPLETE job. Leonardo flags unsafe outputs ({@code nsfw: true}) rather than dropping them:
     * flagged images are billed but not kept, and a job with nothing else is a content rejection.
     */
    private GenerationResult completed(JsonNode generation) {
        Size size = size(generation);
        List<ImageRef> kept = new ArrayList<>();
        int made = 0;
        for (JsonNode image : generation.path("generated_images")) {
            String url = image.path("url").asString("");
            if (url.isEmpty()) {
                continue;
            }
            made++;
            if (!image.path("nsfw").asBoolean(false)) {
                kept.add(new ImageRef(url, size.width(), size.height(), contentType(url)));
            }
        }
        Usd cost = bill(made);
        if (made == 0) {
            return new Failed(FailureClass.RETRYABLE, "Leonardo's COMPLETE generation holds no images", cost);
        }
        if (kept.isEmpty()) {
            return new Failed(FailureClass.CONTENT_REJECTED, "output flagged nsfw by Leonardo", cost);
        }
        return new GenerationResult.Generated(kept, cost);
    }

    /**
     * The credits the create answer reported; when it reported none (or the job was resumed, so this worker never
     * saw it), the catalog's credits per image, if it has them.
     */
    private Usd bill(int images) {
        Size sent = new Size(request.params().width(), request.params().height());
        Usage usage = Usage.ofImages(Collections.nCopies(images, sent), null).withCredits(creditCost);
        return billing.bill(provider, request.model(), usage);
    }

    private Size size(JsonNode generation) {
        int width = generation.path("imageWidth").asInt(0);
        int height = generation.path("imageHeight").asInt(0);
        return width > 0 && height > 0 ? new Size(width, height)
                : new Size(request.params().width(), request.params().height());
    }

    private static String contentType(String url) {
        String path = url.toLowerCase(java.util.Locale.ROOT);
        return path.endsWith(".png") ? "image/png" : path.endsWith(".webp") ? "image/webp" : "image/jpeg";
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
                // Our bug, not Leonardo's failure: logged once, and no breaker counts it against the provider.
                finish(InternalErrors.failed(provider, request, bug));
            }
        });
    }

    private void onTransportError(Throwable error) {
        Throwable cause = TransportFailures.unwrap(error);
        if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
            timedOut();
        } else if (generationUrl != null && ++pollFailures < MAX_POLL_FAILURES) {
            schedulePoll(); // the job runs at Leonardo: one lost poll does not lose it
        } else {
            finish(TransportFailures.classify(cause, request.timeout()));
        }
    }

    /** Gives up. A job Leonardo accepted was charged at create, so its cost goes with the failure. */
    private void timedOut() {
        Failed timeout = TransportFailures.timedOut(request.timeout());
        finish(generationUrl == null ? timeout
                : new Failed(FailureClass.TIMEOUT, timeout.reason(), bill(request.params().count())));
    }

    /** A request to Leonardo carrying the key, timed to end no later than the attempt. */
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
