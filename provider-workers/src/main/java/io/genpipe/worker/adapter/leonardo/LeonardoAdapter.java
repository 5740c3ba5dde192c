package io.genpipe.worker.adapter.leonardo;

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

/**
 * Leonardo.Ai's generation API (vendor-apis.md section 2): {@code POST /generations} creates a job and says what it
 * costs in credits; {@code GET /generations/{id}} is polled on a shared scheduler until it is COMPLETE or FAILED, so
 * a pending job holds no thread. The job's id is journaled as soon as Leonardo accepts it: a worker that crashes
 * while polling is replaced by one that resumes polling, not by a second, paid, job. Images stay on Leonardo's CDN.
 */
public final class LeonardoAdapter implements VendorAdapter {

    private final String provider;
    private final URI generationsUrl;
    private final ApiKey apiKey;
    private final LeonardoOptions options;
    private final Billing billing;
    private final VendorHttp http;
    private final ScheduledExecutorService scheduler;

    public LeonardoAdapter(String provider, URI baseUrl, ApiKey apiKey, LeonardoOptions options, Billing billing,
                           VendorHttp http, ScheduledExecutorService scheduler) {
        this.provider = Objects.requireNonNull(provider, "provider");
        String root = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        this.generationsUrl = URI.create((root.endsWith("/") ? root : root + "/") + "generations");
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
        LeonardoGenerationCall call = new LeonardoGenerationCall(provider, request, generationsUrl,
                "Bearer " + apiKey.value(), billing, options, http, scheduler);
        return call.start(() -> body(request, options));
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
