package io.genpipe.worker.adapter.fal;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.adapter.VendorJson;
import io.genpipe.worker.provider.ApiKey;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

/**
 * fal.ai through its queue API: submit, poll the returned {@code status_url} until COMPLETED, then fetch the
 * {@code response_url} (vendor-apis.md section 1). Each poll is scheduled on a shared scheduler after the
 * previous answer, so a request waiting in fal's queue holds no thread. Images stay on fal's CDN: the result
 * carries their URLs.
 */
public final class FalAdapter implements VendorAdapter {

    /** {@code owner/app[/path]}, in characters that are safe in a URL path: the model id comes from a message. */
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)+");
    /** Models that take a negative prompt; flux/schnell has none. */
    private static final List<String> NEGATIVE_PROMPT_MODELS = List.of("fal-ai/fast-sdxl", "fal-ai/qwen-image");

    private final FalEndpoint endpoint;
    private final ApiKey apiKey;
    private final FalPricing pricing;
    private final Duration pollInterval;
    private final VendorHttp http;
    private final ScheduledExecutorService scheduler;

    public FalAdapter(URI baseUrl, ApiKey apiKey, FalPricing pricing, Duration pollInterval, VendorHttp http,
                      ScheduledExecutorService scheduler) {
        this.endpoint = new FalEndpoint(Objects.requireNonNull(baseUrl, "baseUrl"));
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.pricing = Objects.requireNonNull(pricing, "pricing");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.http = Objects.requireNonNull(http, "http");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    public CompletableFuture<GenerationResult> generate(GenerationRequest request) {
        if (!apiKey.isPresent()) {
            return CompletableFuture.completedFuture(GenerationResult.Failed.of(FailureClass.RETRYABLE,
                    "provider misconfigured: no API key in " + apiKey.variable()));
        }
        if (!MODEL_ID.matcher(request.model()).matches()) {
            return CompletableFuture.completedFuture(GenerationResult.Failed.of(FailureClass.INVALID_REQUEST,
                    "model id is not owner/app[/path]"));
        }
        FalQueueCall call = new FalQueueCall(request, endpoint, "Key " + apiKey.value(), pricing, pollInterval, http,
                scheduler);
        return call.start(body(request));
    }

    /** The model input: vendor-neutral parameters in fal's names. */
    static String body(GenerationRequest request) {
        ImageParams params = request.params();
        ObjectNode body = VendorJson.object();
        body.put("prompt", request.prompt());
        body.putObject("image_size").put("width", params.width()).put("height", params.height());
        body.put("num_images", params.count());
        if (params.seed() != null) {
            body.put("seed", params.seed());
        }
        if (params.negativePrompt() != null && takesNegativePrompt(request.model())) {
            body.put("negative_prompt", params.negativePrompt());
        }
        // fast-sdxl names the field "format"; the other models "output_format".
        body.put(request.model().startsWith("fal-ai/fast-sdxl") ? "format" : "output_format", "png");
        body.put("enable_safety_checker", true);
        return VendorJson.write(body);
    }

    private static boolean takesNegativePrompt(String model) {
        return NEGATIVE_PROMPT_MODELS.stream().anyMatch(model::startsWith);
    }
}
