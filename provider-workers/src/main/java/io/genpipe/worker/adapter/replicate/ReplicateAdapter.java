package io.genpipe.worker.adapter.replicate;

import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.Operation;
import io.genpipe.worker.adapter.AspectRatios;
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
import java.time.Clock;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

/**
 * Replicate's predictions API (vendor-apis.md section 5): create with {@code Prefer: wait}, which a fast model
 * answers with its output, else poll {@code GET /predictions/{id}} on the shared scheduler until it ends. The id is
 * journaled as soon as Replicate answers, so a replacement worker resumes the prediction instead of paying for a
 * new one. Past the attempt's deadline the prediction is cancelled so that it stops running. Images stay on
 * Replicate's file host: the result carries their URLs. The call is billed by the catalog's price of the model:
 * per image for official models, per second of {@code metrics.predict_time} for models run by version.
 * A model-training job runs as a Replicate training instead ({@link ReplicateTraining}).
 */
public final class ReplicateAdapter implements VendorAdapter {

    /** The catalog model option listing the model's aspect_ratio values. */
    static final String ASPECT_RATIOS = "aspect-ratios";
    /** The catalog model option saying how the model takes a size: {@code aspect-ratio} (default) or {@code width-height}. */
    static final String SIZE_INPUT = "size-input";
    static final String WIDTH_HEIGHT = "width-height";
    /** The catalog model options of a trainer: the version it trains with, and the account the result goes to. */
    static final String VERSION = "version";
    static final String DESTINATION_OWNER = "destination-owner";
    private static final Pattern VERSION_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final String provider;
    private final String root;
    private final ApiKey apiKey;
    private final ReplicateOptions options;
    private final Billing billing;
    private final VendorHttp http;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final InputFiles inputFiles;
    private final MeterRegistry meters;

    public ReplicateAdapter(String provider, URI baseUrl, ApiKey apiKey, ReplicateOptions options, Billing billing,
                            VendorHttp http, ScheduledExecutorService scheduler, Clock clock, InputFiles inputFiles,
                            MeterRegistry meters) {
        this.provider = Objects.requireNonNull(provider, "provider");
        String base = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        this.root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.options = Objects.requireNonNull(options, "options");
        this.billing = Objects.requireNonNull(billing, "billing");
        this.http = Objects.requireNonNull(http, "http");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.inputFiles = Objects.requireNonNull(inputFiles, "inputFiles");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    @Override
    public CompletableFuture<GenerationResult> generate(GenerationRequest request) {
        if (!apiKey.isPresent()) {
            return CompletableFuture.completedFuture(Failed.of(FailureClass.AUTH_FAILED,
                    "provider misconfigured: no API key in " + apiKey.variable()));
        }
        // The router does not dispatch a shut-down model; a dispatch made before its day and read after is refused
        // here, from the catalog's date, without a call.
        if (request.model().lifecycle().isShutDown(LocalDate.now(clock))) {
            return CompletableFuture.completedFuture(Failed.of(FailureClass.INVALID_REQUEST,
                    request.model().lifecycle().shutDownReason()));
        }
        Optional<ReplicateModel> model = ReplicateModel.parse(request.modelId());
        if (model.isEmpty()) {
            return CompletableFuture.completedFuture(Failed.of(FailureClass.INVALID_REQUEST,
                    "model id is not owner/name, a version id or owner/name:version"));
        }
        if (request.operation() == Operation.MODEL_TRAINING) {
            return train(request, model.get());
        }
        if (request.operation() != Operation.TEXT_TO_IMAGE) {
            return CompletableFuture.completedFuture(Failed.of(FailureClass.INVALID_REQUEST,
                    "Replicate's adapter does text-to-image and model-training, not " + request.operation().wireName()));
        }
        ReplicatePrediction call = new ReplicatePrediction(provider, request, root, "Bearer " + apiKey.value(),
                billing, options, http, scheduler);
        return call.start(model.get(), body(request, model.get()));
    }

    /**
     * A training of the catalog model (the trainer, {@code owner/name}) at its option {@code version}, into a model of
     * the account its option {@code destination-owner} names. Without them the provider's catalog entry is
     * incomplete: another provider may still train, so the attempt fails as a misconfigured provider.
     */
    private CompletableFuture<GenerationResult> train(GenerationRequest request, ReplicateModel trainer) {
        String version = request.model().options().get(VERSION);
        String owner = request.model().options().get(DESTINATION_OWNER);
        if (trainer.byVersion() || version == null || !VERSION_ID.matcher(version).matches() || owner == null
                || !OWNER.matcher(owner).matches()) {
            return CompletableFuture.completedFuture(Failed.of(FailureClass.AUTH_FAILED, "provider misconfigured: "
                    + "a training model needs the id owner/name and options version (64 hex) and destination-owner"));
        }
        if (request.inputs().training() == null) {
            return CompletableFuture.completedFuture(Failed.of(FailureClass.INVALID_REQUEST,
                    "model-training needs inputs.training"));
        }
        ReplicateTraining call = new ReplicateTraining(provider, request, root, "Bearer " + apiKey.value(), billing,
                options, http, inputFiles, scheduler, meters);
        return call.start(trainingPath(trainer, version), owner);
    }

    static String trainingPath(ReplicateModel trainer, String version) {
        return "/models/" + trainer.owner() + "/" + trainer.name() + "/versions/" + version + "/trainings";
    }

    /** The create body of a request: its version when run by version, and the model input. */
    static String body(GenerationRequest request) {
        return body(request, ReplicateModel.parse(request.modelId()).orElseThrow(
                () -> new IllegalArgumentException("not a Replicate model id")));
    }

    /**
     * The model input: the dispatched parameters, exactly, in the names Replicate's image models use; only what the
     * model takes. The size goes as the nearest of the model's aspect ratios, or as pixels for a model that takes
     * them; the router already fitted it to the sizes the catalog lists.
     */
    static String body(GenerationRequest request, ReplicateModel model) {
        ImageParams params = request.params();
        CatalogModel catalog = request.model();
        ObjectNode body = VendorJson.object();
        if (model.byVersion()) {
            body.put("version", model.version());
        }
        ObjectNode input = body.putObject("input");
        input.put("prompt", request.prompt());
        input.put("num_outputs", params.count());
        if (WIDTH_HEIGHT.equals(catalog.options().get(SIZE_INPUT))) {
            input.put("width", params.width());
            input.put("height", params.height());
        } else {
            AspectRatios.nearest(catalog.options().get(ASPECT_RATIOS), params.width(), params.height())
                    .ifPresent(ratio -> input.put("aspect_ratio", ratio));
        }
        if (params.seed() != null && catalog.capabilities().seed()) {
            input.put("seed", params.seed());
        }
        if (params.steps() != null && catalog.capabilities().steps() != null) {
            input.put("num_inference_steps", params.steps());
        }
        if (params.negativePrompt() != null && catalog.capabilities().negativePrompt()) {
            input.put("negative_prompt", params.negativePrompt());
        }
        input.put("output_format", "png");
        return VendorJson.write(body);
    }
}
