package io.genpipe.worker.adapter.leonardo;

import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.worker.adapter.Billing;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.InputFiles;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.adapter.VendorJson;
import io.genpipe.worker.provider.ApiKey;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Leonardo.Ai's generation API (vendor-apis.md section 2): {@code POST /generations} creates a job and says what it
 * costs in credits; {@code GET /generations/{id}} is polled on a shared scheduler until it is COMPLETE or FAILED, so
 * a pending job holds no thread. The job's id is journaled as soon as Leonardo accepts it: a worker that crashes
 * while polling is replaced by one that resumes polling, not by a second, paid, job. Images stay on Leonardo's CDN.
 *
 * <p>A model-training job trains a Leonardo custom model instead ({@link LeonardoTrainingCall}): a dataset of the
 * job's images, {@code POST /models}, polled the same way; it ends with the custom model's id.
 */
public final class LeonardoAdapter implements VendorAdapter {

    private final String provider;
    private final URI baseUrl;
    private final URI generationsUrl;
    private final ApiKey apiKey;
    private final LeonardoOptions options;
    private final Billing billing;
    private final VendorHttp http;
    private final ScheduledExecutorService scheduler;
    private final InputFiles inputFiles;
    private final MeterRegistry meters;

    public LeonardoAdapter(String provider, URI baseUrl, ApiKey apiKey, LeonardoOptions options, Billing billing,
                           VendorHttp http, ScheduledExecutorService scheduler, InputFiles inputFiles,
                           MeterRegistry meters) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        String root = baseUrl.toString();
        this.generationsUrl = URI.create((root.endsWith("/") ? root : root + "/") + "generations");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.options = Objects.requireNonNull(options, "options");
        this.billing = Objects.requireNonNull(billing, "billing");
        this.http = Objects.requireNonNull(http, "http");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.inputFiles = Objects.requireNonNull(inputFiles, "inputFiles");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    @Override
    public CompletableFuture<GenerationResult> generate(GenerationRequest request) {
        if (!apiKey.isPresent()) {
            return CompletableFuture.completedFuture(GenerationResult.Failed.of(FailureClass.AUTH_FAILED,
                    "provider misconfigured: no API key in " + apiKey.variable()));
        }
        String authorization = "Bearer " + apiKey.value();
        return switch (request.operation()) {
            case TEXT_TO_IMAGE -> new LeonardoGenerationCall(provider, request, generationsUrl, authorization, billing,
                    options, http, scheduler).start(() -> body(request, options));
            case MODEL_TRAINING -> new LeonardoTrainingCall(provider, request, baseUrl, authorization, billing,
                    options, http, scheduler, inputFiles, meters).start();
            // The catalog lists no Leonardo edit model, so the router never sends one: a dispatch that does is ours.
            case IMAGE_EDIT -> CompletableFuture.completedFuture(Failed.of(FailureClass.INTERNAL_ERROR,
                    "Leonardo's adapter does not edit images"));
        };
    }

    /**
     * The create body: the dispatched parameters, exactly, in Leonardo's names (camelCase and snake_case mixed, as
     * Leonardo has them); only what the model takes.
     */
    static String body(GenerationRequest request, LeonardoOptions options) {
        ImageParams params = request.params();
        CatalogModel model = request.model();
        ObjectNode body = VendorJson.object();
        body.put("prompt", request.prompt());
        body.put("modelId", model.id());
        body.put("width", params.width());
        body.put("height", params.height());
        body.put("num_images", params.count());
        if (params.seed() != null) {
            body.put("seed", params.seed());
        }
        if (params.negativePrompt() != null && model.capabilities().negativePrompt()) {
            body.put("negative_prompt", params.negativePrompt());
        }
        if (params.steps() != null && model.capabilities().steps() != null) {
            body.put("num_inference_steps", params.steps());
        }
        body.put("public", options.publicImages());
        return VendorJson.write(body);
    }
}
