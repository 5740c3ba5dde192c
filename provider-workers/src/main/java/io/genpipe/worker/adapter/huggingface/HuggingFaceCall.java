package io.genpipe.worker.adapter.huggingface;

import io.genpipe.contracts.catalog.Size;
import io.genpipe.contracts.catalog.Usage;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.worker.adapter.Billing;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.ImageBytes;
import io.genpipe.worker.adapter.InternalErrors;
import io.genpipe.worker.adapter.TransportFailures;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.image.ImageStore;
import io.genpipe.worker.image.ImageStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One text-to-image call to hf-inference, with its cold-start waits: a 503 "currently loading" is answered by
 * scheduling the same call again after the stated {@code estimated_time} (no thread sleeps), as long as the attempt's
 * deadline leaves time for it. When the wait would pass the deadline the call ends at once as RATE_LIMITED carrying
 * the stated wait, rather than TIMEOUT: the vendor did answer, and what it said is "ready in N seconds", which the
 * router can act on (try another provider now, this one later), while waiting to the deadline would only waste the
 * attempt's time.
 */
final class HuggingFaceCall {

    private static final Logger log = LoggerFactory.getLogger(HuggingFaceCall.class);

    private final String provider;
    private final GenerationRequest request;
    private final URI url;
    private final String authorization;
    private final String body;
    private final HuggingFaceOptions options;
    private final Billing billing;
    private final VendorHttp http;
    private final ImageStore images;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Instant deadline;
    private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();

    HuggingFaceCall(String provider, GenerationRequest request, URI url, String authorization, String body,
                    HuggingFaceOptions options, Billing billing, VendorHttp http, ImageStore images,
                    ScheduledExecutorService scheduler, Clock clock) {
        this.provider = provider;
        this.request = request;
        this.url = url;
        this.authorization = authorization;
        this.body = body;
        this.options = options;
        this.billing = billing;
        this.http = http;
        this.images = images;
        this.scheduler = scheduler;
        this.clock = clock;
        this.deadline = clock.instant().plus(request.timeout());
    }

    CompletableFuture<GenerationResult> start() {
        request.recordCalling(); // not resumable: recorded so a call lost in a crash is known to have been made
        send();
        return result;
    }

    private void send() {
        Duration remaining = Duration.between(clock.instant(), deadline);
        if (remaining.isNegative() || remaining.isZero()) {
            result.complete(TransportFailures.timedOut(request.timeout()));
            return;
        }
        HttpRequest call = HttpRequest.newBuilder(url)
                .timeout(remaining)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Accept", "image/png")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        http.sendForBytes(call).whenComplete((response, error) -> {
            try {
                if (error != null) {
                    result.complete(TransportFailures.classify(error, request.timeout()));
                } else {
                    onAnswer(response);
                }
            } catch (RuntimeException bug) {
                result.complete(InternalErrors.failed(provider, request, bug));
            }
        });
    }

    private void onAnswer(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 200) {
            result.complete(generated(response.body()));
            return;
        }
        String text = new String(response.body(), StandardCharsets.UTF_8);
        Failed failed = HuggingFaceErrors.classify(status, response.headers(), text, clock);
        Optional<Duration> loading = HuggingFaceErrors.loadingWait(status, text);
        if (loading.isEmpty()) {
            result.complete(failed);
            return;
        }
        Duration wait = options.loadingWait(loading.get());
        if (!clock.instant().plus(wait).isBefore(deadline)) {
            result.complete(failed); // RATE_LIMITED with the stated wait: the model will not be ready in time
            return;
        }
        log.debug("job {} attempt {}: {} is loading, calling again in {} ms", request.jobId(), request.attempt(),
                request.modelId(), wait.toMillis());
        try {
            scheduler.schedule(this::send, wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            result.complete(Failed.of(FailureClass.RETRYABLE, "worker shutting down"));
        }
    }

    /**
     * The image, kept in the store. hf-inference reports no compute time, so the catalog's per-GPU-second price
     * cannot bill it and the cost is unknown (counted by {@link Billing}), never zero.
     */
    private GenerationResult generated(byte[] image) {
        Optional<ImageBytes.Png> png = ImageBytes.asPng(image);
        if (png.isEmpty()) {
            return new Failed(FailureClass.RETRYABLE, "Hugging Face's answer is not a readable image", null);
        }
        Size size = png.get().size();
        Usd cost = billing.bill(provider, request.model(), Usage.ofImages(List.of(size), null));
        try {
            return new GenerationResult.Generated(List.of(images.store(request.jobId(), request.attempt(),
                    request.firstImage(), png.get().bytes(), size.width(), size.height())), cost);
        } catch (ImageStoreException e) {
            log.error("could not store an image of job {} attempt {}", request.jobId(), request.attempt(), e);
            return new Failed(FailureClass.RETRYABLE, "image store failed", cost);
        }
    }
}
