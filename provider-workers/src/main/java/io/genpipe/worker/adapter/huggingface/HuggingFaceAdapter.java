package io.genpipe.worker.adapter.huggingface;

import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.worker.adapter.Billing;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.adapter.VendorJson;
import io.genpipe.worker.image.ImageStore;
import io.genpipe.worker.provider.ApiKey;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

/**
 * Hugging Face's inference router, text-to-image (vendor-apis.md section 8): {@code POST {base}/models/{model id}}
 * with {@code {"inputs","parameters"}}, answered with the image's bytes, which go to the {@link ImageStore}, never
 * into Kafka. One image per call. A model that is still loading is waited for ({@link HuggingFaceCall}).
 */
public final class HuggingFaceAdapter implements VendorAdapter {

    /** {@code owner/name}, in characters that are safe in a URL path: the model id comes from a message. */
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9._-]+/[A-Za-z0-9._-]+");

    private final String provider;
    private final String modelsRoot;
    private final ApiKey apiKey;
    private final HuggingFaceOptions options;
    private final Billing billing;
    private final VendorHttp http;
    private final ImageStore images;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;

    public HuggingFaceAdapter(String provider, URI baseUrl, ApiKey apiKey, HuggingFaceOptions options, Billing billing,
                              VendorHttp http, ImageStore images, ScheduledExecutorService scheduler, Clock clock) {
        this.provider = Objects.requireNonNull(provider, "provider");
        String root = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        this.modelsRoot = (root.endsWith("/") ? root : root + "/") + "models/";
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.options = Objects.requireNonNull(options, "options");
        this.billing = Objects.requireNonNull(billing, "billing");
        this.http = Objects.requireNonNull(http, "http");
        this.images = Objects.requireNonNull(images, "images");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CompletableFuture<GenerationResult> generate(GenerationRequest request) {
        if (!apiKey.isPresent()) {
            return CompletableFuture.completedFuture(Failed.of(FailureClass.AUTH_FAILED,
                    "provider misconfigured: no API key in " + apiKey.variable()));
        }
        if (!MODEL_ID.matcher(request.modelId()).matches()) {
            return CompletableFuture.completedFuture(Failed.of(FailureClass.INVALID_REQUEST,
                    "model id is not owner/name"));
        }
        if (request.params().count() != 1) {
            // The catalog says max-images: 1, so attempts for more are split into calls of one before they get here.
            return CompletableFuture.completedFuture(Failed.of(FailureClass.INVALID_REQUEST,
                    "Hugging Face makes one image per call"));
        }
        return new HuggingFaceCall(provider, request, URI.create(modelsRoot + request.modelId()),
                "Bearer " + apiKey.value(), body(request), options, billing, http, images, scheduler, clock).start();
    }

    /** The body: the prompt and exactly the dispatched size; seed, steps and negative prompt when the model takes them. */
    static String body(GenerationRequest request) {
        ImageParams params = request.params();
        CatalogModel model = request.model();
        ObjectNode body = VendorJson.object();
        body.put("inputs", request.prompt());
        ObjectNode parameters = body.putObject("parameters");
        parameters.put("width", params.width());
        parameters.put("height", params.height());
        if (params.seed() != null && model.capabilities().seed()) {
            parameters.put("seed", params.seed());
        }
        if (params.steps() != null && model.capabilities().steps() != null) {
            parameters.put("num_inference_steps", params.steps());
        }
        if (params.negativePrompt() != null && model.capabilities().negativePrompt()) {
            parameters.put("negative_prompt", params.negativePrompt());
        }
        return VendorJson.write(body);
    }
}
