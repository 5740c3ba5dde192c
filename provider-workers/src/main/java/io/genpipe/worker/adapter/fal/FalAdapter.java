package io.genpipe.worker.adapter.fal;

import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.worker.adapter.Billing;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.adapter.VendorJson;
import io.genpipe.worker.provider.ApiKey;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

/**
 * fal.ai through its queue API: submit, poll the returned {@code status_url} until COMPLETED, then fetch the
 * {@code response_url} (vendor-apis.md section 1). Each poll is scheduled on a shared scheduler after the
 * previous answer, so a request waiting in fal's queue holds no thread. Images stay on fal's CDN: the result
 * carries their URLs. The call is billed by the catalog's price of the model on the images fal returned.
 */
public final class FalAdapter implements VendorAdapter {

    /** {@code owner/app[/path]}, in characters that are safe in a URL path: the model id comes from a message. */
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)+");
    /** The catalog model option naming the output format field; fast-sdxl calls it {@code format}. */
    static final String OUTPUT_FORMAT_FIELD = "output-format-field";
    private static final String DEFAULT_OUTPUT_FORMAT_FIELD = "output_format";

    private final String provider;
    private final FalEndpoint endpoint;
    private final ApiKey apiKey;
    private final FalOptions options;
    private final Billing billing;
    private final VendorHttp http;
    private final ScheduledExecutorService scheduler;

    public FalAdapter(String provider, URI baseUrl, ApiKey apiKey, FalOptions options, Billing billing, VendorHttp http,
                      ScheduledExecutorService scheduler) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.endpoint = new FalEndpoint(Objects.requireNonNull(baseUrl, "baseUrl"));
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.options = Objects.requireNonNull(options, "options");
        this.billing = Objects.requireNonNull(billing, "billing");
        this.http = Objects.requireNonNull(http, "http");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    public CompletableFuture<GenerationResult> generate(GenerationRequest request) {
        if (!apiKey.isPresent()) {
            return CompletableFuture.completedFuture(GenerationResult.Failed.of(FailureClass.AUTH_FAILED,
                    "provider misconfigured: no API key in " + apiKey.variable()));
        }
        if (!MODEL_ID.matcher(request.modelId()).matches()) {
            return CompletableFuture.completedFuture(GenerationResult.Failed.of(FailureClass.INVALID_REQUEST,
                    "model id is not owner/app[/path]"));
        }
        FalQueueCall call = new FalQueueCall(provider, request, endpoint, "Key " + apiKey.value(), billing,
                options, http, scheduler);
        return call.start(body(request));
    }

    /** The model input: the dispatched parameters, exactly, in fal's names; only what the model takes. */
    static String body(GenerationRequest request) {
        ImageParams params = request.params();
        CatalogModel model = request.model();
        ObjectNode body = VendorJson.object();
        body.put("prompt", request.prompt());
        body.putObject("image_size").put("width", params.width()).put("height", params.height());
        body.put("num_images", params.count());
        if (params.seed() != null) {
            body.put("seed", params.seed());
        }
        if (params.negativePrompt() != null && model.capabilities().negativePrompt()) {
            body.put("negative_prompt", params.negativePrompt());
        }
        // Quality presets and callers set steps; without them fal uses the model's default (flux/schnell 4,
        // qwen-image 30). The router's fit already refused steps the model does not take or outside its range.
        if (params.steps() != null && model.capabilities().steps() != null) {
            body.put("num_inference_steps", params.steps());
        }
        body.put(model.options().getOrDefault(OUTPUT_FORMAT_FIELD, DEFAULT_OUTPUT_FORMAT_FIELD), "png");
        body.put("enable_safety_checker", true);
        return VendorJson.write(body);
    }
}
