package io.genpipe.worker.adapter.ideogram;

import io.genpipe.contracts.catalog.Size;
import io.genpipe.contracts.catalog.Usage;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.worker.adapter.Billing;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.ImageCopies;
import io.genpipe.worker.adapter.InternalErrors;
import io.genpipe.worker.adapter.TransportFailures;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.adapter.VendorJson;
import io.genpipe.worker.provider.ApiKey;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * Ideogram 3.0 (vendor-apis.md section 6): one synchronous multipart {@code POST /v1/ideogram-v3/generate}, sent
 * with an asynchronous send so no thread waits. The catalog model's render quality is the rendering speed asked
 * for, and the key its per-image price is looked up by. The result carries Ideogram's links; they expire, so by
 * default the factory wraps the adapter in {@link ImageCopies}, which copies them into the image store
 * ({@code options.copy-images}).
 */
public final class IdeogramAdapter implements VendorAdapter {

    static final String GENERATE_PATH = "/v1/ideogram-v3/generate";
    /** The rendering speed asked for when the catalog names none: Ideogram's own default. */
    static final String DEFAULT_SPEED = "default";

    private final String provider;
    private final URI generateUrl;
    private final ApiKey apiKey;
    private final IdeogramOptions options;
    private final Billing billing;
    private final VendorHttp http;

    IdeogramAdapter(String provider, URI baseUrl, ApiKey apiKey, IdeogramOptions options, Billing billing,
                    VendorHttp http) {
        this.provider = Objects.requireNonNull(provider, "provider");
        String root = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        this.generateUrl = URI.create((root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + GENERATE_PATH);
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.options = Objects.requireNonNull(options, "options");
        this.billing = Objects.requireNonNull(billing, "billing");
        this.http = Objects.requireNonNull(http, "http");
    }

    @Override
    public CompletableFuture<GenerationResult> generate(GenerationRequest request) {
        if (!apiKey.isPresent()) {
            return CompletableFuture.completedFuture(Failed.of(FailureClass.AUTH_FAILED,
                    "provider misconfigured: no API key in " + apiKey.variable()));
        }
        MultipartBody form = form(request, options);
        HttpRequest call = HttpRequest.newBuilder(generateUrl)
                .timeout(request.timeout())
                .header("Api-Key", apiKey.value())
                .header("Accept", "application/json")
                .header("Content-Type", form.contentType())
                .POST(form.publisher())
                .build();
        request.recordCalling(); // not resumable: recorded so a call lost in a crash is known to have been made
        return http.send(call).thenCompose(response -> answer(request, response))
                .exceptionally(error -> {
                    Throwable cause = TransportFailures.unwrap(error);
                    if (cause instanceof RuntimeException bug && !(cause instanceof CancellationException)) {
                        // Our bug reading the answer, not Ideogram's failure: no breaker counts it against the provider.
                        return InternalErrors.failed(provider, request, bug);
                    }
                    return TransportFailures.classify(cause, request.timeout());
                });
    }

    /** The form: the dispatched parameters, exactly, in Ideogram's names; only what the model takes. */
    static MultipartBody form(GenerationRequest request, IdeogramOptions options) {
        ImageParams params = request.params();
        MultipartBody form = new MultipartBody()
                .field("prompt", request.prompt())
                .field("resolution", params.width() + "x" + params.height())
                .field("num_images", params.count())
                .field("rendering_speed", speed(request).toUpperCase(Locale.ROOT))
                .field("magic_prompt", options.magicPrompt());
        if (params.seed() != null) {
            form.field("seed", params.seed());
        }
        if (params.negativePrompt() != null && request.model().capabilities().negativePrompt()) {
            form.field("negative_prompt", params.negativePrompt());
        }
        return form;
    }

    private CompletableFuture<GenerationResult> answer(GenerationRequest request, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            return done(IdeogramErrors.classify(response.statusCode(), response.headers(), response.body()));
        }
        JsonNode json = VendorJson.parse(response.body());
        Size sent = new Size(request.params().width(), request.params().height());
        List<Size> made = new ArrayList<>();
        List<ImageRef> safe = new ArrayList<>();
        for (JsonNode image : json.path("data")) {
            Size size = reportedSize(image.path("resolution").asString(""), sent);
            made.add(size);
            String url = image.path("url").asString("");
            // An unsafe output comes back flagged, without a link [obs]; a link on a flagged image is not used either.
            if (image.path("is_image_safe").asBoolean(true) && !url.isEmpty()) {
                safe.add(new ImageRef(url, size.width(), size.height(), "image/png"));
            }
        }
        Usd cost = billing.bill(provider, request.model(), Usage.ofImages(made, speed(request)));
        if (made.isEmpty()) {
            return done(new Failed(FailureClass.RETRYABLE, "Ideogram's answer holds no images", cost));
        }
        if (safe.isEmpty()) {
            return done(new Failed(FailureClass.CONTENT_REJECTED, "output failed Ideogram's safety check", cost));
        }
        return done(new GenerationResult.Generated(safe, cost));
    }

    private static String speed(GenerationRequest request) {
        String quality = request.model().renderQuality();
        return quality == null || quality.isBlank() ? DEFAULT_SPEED : quality;
    }

    private static Size reportedSize(String reported, Size sent) {
        try {
            return Size.parse(reported);
        } catch (IllegalArgumentException notASize) {
            return sent;
        }
    }

    private static CompletableFuture<GenerationResult> done(GenerationResult result) {
        return CompletableFuture.completedFuture(result);
    }
}
