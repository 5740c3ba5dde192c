package io.genpipe.worker.adapter.stability;

import io.genpipe.contracts.catalog.Size;
import io.genpipe.contracts.catalog.Usage;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.worker.adapter.Billing;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.ImageBytes;
import io.genpipe.worker.adapter.InternalErrors;
import io.genpipe.worker.adapter.TransportFailures;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.image.ImageStore;
import io.genpipe.worker.image.ImageStoreException;
import io.genpipe.worker.provider.ApiKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Stability AI's v2beta Stable Image API (vendor-apis.md section 4): one synchronous multipart
 * {@code POST /v2beta/stable-image/generate/{endpoint}} per image, sent asynchronously so no thread waits. It asks
 * for the image's bytes ({@code Accept: image/*}) or, with {@link StabilityOptions#accept()} {@code json}, for JSON
 * with the image in base64; either way the image goes to the {@link ImageStore} with the size read from the file,
 * never into Kafka. A 200 whose finish reason is {@code CONTENT_FILTERED} is an output the vendor's filter replaced:
 * CONTENT_REJECTED, with an unknown cost since Stability does not say whether it charges for it.
 *
 * <p>The catalog model's {@code options.endpoint} names the path ({@code ultra}, {@code core}, {@code sd3}); for sd3
 * the model id goes in the form's {@code model} field. Sizes are sent as the aspect ratio nearest the dispatched size.
 */
public final class StabilityAdapter implements VendorAdapter {

    static final String ENDPOINT_OPTION = "endpoint";
    static final String SD3 = "sd3";
    static final String FILTERED = "CONTENT_FILTERED";

    private static final Logger log = LoggerFactory.getLogger(StabilityAdapter.class);
    /** The aspect ratios the API takes: a parameter's values, not a model's facts. */
    static final List<String> ASPECT_RATIOS = List.of("1:1", "16:9", "21:9", "2:3", "3:2", "4:5", "5:4", "9:16",
            "9:21");
    private static final Set<String> ENDPOINTS = Set.of("ultra", "core", SD3);

    private final String provider;
    private final String generateRoot;
    private final ApiKey apiKey;
    private final StabilityOptions options;
    private final Billing billing;
    private final VendorHttp http;
    private final ImageStore images;
    private final Clock clock;

    public StabilityAdapter(String provider, URI baseUrl, ApiKey apiKey, StabilityOptions options, Billing billing,
                            VendorHttp http, ImageStore images, Clock clock) {
        this.provider = Objects.requireNonNull(provider, "provider");
        String root = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        this.generateRoot = (root.endsWith("/") ? root : root + "/") + "v2beta/stable-image/generate/";
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.options = Objects.requireNonNull(options, "options");
        this.billing = Objects.requireNonNull(billing, "billing");
        this.http = Objects.requireNonNull(http, "http");
        this.images = Objects.requireNonNull(images, "images");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CompletableFuture<GenerationResult> generate(GenerationRequest request) {
        if (!apiKey.isPresent()) {
            return CompletableFuture.completedFuture(Failed.of(FailureClass.AUTH_FAILED,
                    "provider misconfigured: no API key in " + apiKey.variable()));
        }
        String endpoint = request.model().options().getOrDefault(ENDPOINT_OPTION, "");
        if (!ENDPOINTS.contains(endpoint)) {
            return CompletableFuture.completedFuture(Failed.of(FailureClass.AUTH_FAILED,
                    "provider misconfigured: model " + request.modelId() + " has no options.endpoint ultra|core|sd3"));
        }
        if (request.params().count() != 1) {
            // The catalog says max-images: 1, so attempts for more are split into calls of one before they get here.
            return CompletableFuture.completedFuture(Failed.of(FailureClass.INVALID_REQUEST,
                    "Stability makes one image per call"));
        }
        MultipartForm.Encoded form = form(request, endpoint).encode();
        HttpRequest call = HttpRequest.newBuilder(URI.create(generateRoot + endpoint))
                .timeout(request.timeout())
                .header("Authorization", "Bearer " + apiKey.value())
                .header("Accept", options.accept().header())
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.body()))
                .build();
        request.recordCalling(); // not resumable: recorded so a call lost in a crash is known to have been made
        return http.sendForBytes(call).handle((response, error) -> {
            if (error != null) {
                return TransportFailures.classify(error, request.timeout());
            }
            try {
                return answer(request, response);
            } catch (RuntimeException bug) {
                return InternalErrors.failed(provider, request, bug);
            }
        });
    }

    /** The form: exactly the dispatched prompt, shape and seed, PNG out; only what the model takes. */
    static MultipartForm form(GenerationRequest request, String endpoint) {
        ImageParams params = request.params();
        MultipartForm form = new MultipartForm()
                .add("prompt", request.prompt())
                .add("aspect_ratio", aspectRatio(params.width(), params.height()))
                .add("output_format", "png");
        if (endpoint.equals(SD3)) {
            form.add("model", request.modelId());
        }
        if (params.seed() != null && request.model().capabilities().seed()) {
            form.add("seed", Long.toString(params.seed()));
        }
        if (params.negativePrompt() != null && request.model().capabilities().negativePrompt()) {
            form.add("negative_prompt", params.negativePrompt());
        }
        return form;
    }

    /** The API's aspect ratio nearest to {@code width:height}, by the ratio of the ratios. */
    static String aspectRatio(int width, int height) {
        double wanted = Math.log((double) width / height);
        String nearest = ASPECT_RATIOS.get(0);
        double best = Double.MAX_VALUE;
        for (String ratio : ASPECT_RATIOS) {
            String[] sides = ratio.split(":");
            double distance = Math.abs(Math.log(Double.parseDouble(sides[0]) / Double.parseDouble(sides[1])) - wanted);
            if (distance < best) {
                best = distance;
                nearest = ratio;
            }
        }
        return nearest;
    }

    private GenerationResult answer(GenerationRequest request, HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            return StabilityErrors.classify(response.statusCode(), response.headers(),
                    new String(response.body(), StandardCharsets.UTF_8), clock);
        }
        Optional<StabilityImage> delivered = options.accept() == StabilityOptions.Accept.JSON
                ? StabilityImage.fromJson(response)
                : Optional.of(StabilityImage.fromBytes(response));
        if (delivered.isEmpty()) {
            // As an unreadable image below: a 200 was probably billed, but its cost is not known.
            return new Failed(FailureClass.RETRYABLE, "Stability's JSON answer is malformed", null);
        }
        if (delivered.get().finishReason().equals(FILTERED)) {
            Usd cost = billing.unknown(provider, request.model(),
                    "Stability does not document whether a filtered output is charged");
            return new Failed(FailureClass.CONTENT_REJECTED, "output filtered (finish-reason " + FILTERED + ")", cost);
        }
        Optional<ImageBytes.Png> png = ImageBytes.asPng(delivered.get().image());
        if (png.isEmpty()) {
            // A 200 was probably billed, but what came back is no image: the cost is not known.
            return new Failed(FailureClass.RETRYABLE, "Stability's answer is not a readable image", null);
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
