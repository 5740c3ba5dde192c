package io.genpipe.worker.adapter.fal;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.worker.adapter.Billing;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.InputFiles;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.provider.ApiKey;

import java.net.URI;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

/**
 * fal.ai through its queue API: submit, poll the returned {@code status_url} until COMPLETED, then fetch the
 * {@code response_url} (vendor-apis.md section 1). Each poll is scheduled on a shared scheduler after the
 * previous answer, so a request waiting in fal's queue holds no thread. Images stay on fal's CDN: the result
 * carries their URLs. The call is billed by the catalog's price of the model on the images fal returned, or per
 * run for a training.
 *
 * <p>It does text-to-image (with LoRA weights where the job names them), image edits and LoRA trainings, each in
 * the model input {@link FalRequestBody} builds.
 */
public final class FalAdapter implements VendorAdapter {

    /** {@code owner/app[/path]}, in characters that are safe in a URL path: the model id comes from a message. */
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)+");

    private final String provider;
    private final FalEndpoint endpoint;
    private final ApiKey apiKey;
    private final FalOptions options;
    private final Billing billing;
    private final VendorHttp http;
    private final ScheduledExecutorService scheduler;
    private final InputFiles inputFiles;
    private final boolean genpipeRetries;

    /**
     * @param genpipeRetries genpipe makes this provider's failed calls again itself ({@code retry.max-attempts} above
     *                       1): fal is then asked not to retry as well ({@code x-fal-no-retry})
     */
    public FalAdapter(String provider, URI baseUrl, ApiKey apiKey, FalOptions options, Billing billing, VendorHttp http,
                      ScheduledExecutorService scheduler, InputFiles inputFiles, boolean genpipeRetries) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.endpoint = new FalEndpoint(Objects.requireNonNull(baseUrl, "baseUrl"));
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.options = Objects.requireNonNull(options, "options");
        this.billing = Objects.requireNonNull(billing, "billing");
        this.http = Objects.requireNonNull(http, "http");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.inputFiles = Objects.requireNonNull(inputFiles, "inputFiles");
        this.genpipeRetries = genpipeRetries;
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
                options, http, scheduler, genpipeRetries);
        return call.start(() -> FalRequestBody.of(request, inputFiles));
    }
}
