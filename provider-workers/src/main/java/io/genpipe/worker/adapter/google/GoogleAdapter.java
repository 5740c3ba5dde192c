package io.genpipe.worker.adapter.google;

import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.Size;
import io.genpipe.contracts.catalog.Usage;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.worker.adapter.AspectRatios;
import io.genpipe.worker.adapter.Billing;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.ImageBytes;
import io.genpipe.worker.adapter.InternalErrors;
import io.genpipe.worker.adapter.TransportFailures;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.adapter.VendorJson;
import io.genpipe.worker.image.ImageStore;
import io.genpipe.worker.image.ImageStoreException;
import io.genpipe.worker.provider.ApiKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Google's image models through the Gemini API's {@code POST /models/{model}:generateContent} (vendor-apis.md
 * section 7): synchronous, sent with an asynchronous send so no thread waits. The image comes back inline as base64;
 * it is decoded into the {@link ImageStore} and the result refers to it, so image bytes never reach Kafka. The call
 * is billed by the catalog's per-token price on the {@code usageMetadata} Google reports.
 *
 * <p>A model the catalog marks shut down is refused without a call: Imagen's models are catalog entries with a
 * shutdown date and a replacement. An {@code imagen-} id is refused here too, whatever the catalog says: Imagen
 * models never answered {@code generateContent} (they spoke {@code :predict}, which this adapter does not), so a
 * catalog that lists one as active is wrong, and the call could only fail after being sent.
 */
public final class GoogleAdapter implements VendorAdapter {

    /** The catalog model option listing the model's imageConfig.aspectRatio values. */
    static final String ASPECT_RATIOS = "aspect-ratios";
    /** The catalog model option listing its imageConfig.imageSize tiers as {@code name=side}, e.g. {@code 1K=1024}. */
    static final String IMAGE_SIZES = "image-sizes";

    private static final Logger log = LoggerFactory.getLogger(GoogleAdapter.class);
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9._-]+");
    /** Imagen's ids: a protocol this adapter does not speak, not a model list (see the class comment). */
    static final String IMAGEN_PREFIX = "imagen-";

    private final String provider;
    private final String root;
    private final ApiKey apiKey;
    private final Billing billing;
    private final VendorHttp http;
    private final ImageStore images;
    private final Clock clock;

    public GoogleAdapter(String provider, URI baseUrl, ApiKey apiKey, Billing billing, VendorHttp http,
                         ImageStore images, Clock clock) {
        this.provider = Objects.requireNonNull(provider, "provider");
        String base = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        this.root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.billing = Objects.requireNonNull(billing, "billing");
        this.http = Objects.requireNonNull(http, "http");
        this.images = Objects.requireNonNull(images, "images");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CompletableFuture<GenerationResult> generate(GenerationRequest request) {
        Optional<Failed> refused = refuseWithoutCall(request);
        if (refused.isPresent()) {
            return CompletableFuture.completedFuture(refused.get());
        }
        HttpRequest call = HttpRequest.newBuilder(URI.create(root + "/models/" + request.modelId() + ":generateContent"))
                .timeout(request.timeout())
                .header("x-goog-api-key", apiKey.value())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(request)))
                .build();
        request.recordCalling(); // not resumable: recorded so a call lost in a crash is known to have been made
        return http.send(call).handle((response, error) -> {
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

    /** What is refused here, before any call: no key, a shut-down model, an id unsafe in a URL, more than one image. */
    private Optional<Failed> refuseWithoutCall(GenerationRequest request) {
        if (!apiKey.isPresent()) {
            return Optional.of(Failed.of(FailureClass.AUTH_FAILED, "provider misconfigured: no API key in "
                    + apiKey.variable()));
        }
        if (request.model().lifecycle().isShutDown(LocalDate.now(clock))) {
            return Optional.of(Failed.of(FailureClass.INVALID_REQUEST, request.model().lifecycle().shutDownReason()));
        }
        if (!MODEL_ID.matcher(request.modelId()).matches()) {
            return Optional.of(Failed.of(FailureClass.INVALID_REQUEST, "model id is not a Gemini model name"));
        }
        if (request.modelId().startsWith(IMAGEN_PREFIX)) {
            return Optional.of(Failed.of(FailureClass.INVALID_REQUEST, "Imagen models are shut down and this adapter"
                    + " calls Gemini image models only; use the catalog's replacement"));
        }
        if (request.params().count() != 1) {
            // The catalog says one image per call (max-images 1), so the worker splits larger attempts.
            return Optional.of(Failed.of(FailureClass.INVALID_REQUEST, "Gemini image models make one image per call"));
        }
        return Optional.empty();
    }

    /**
     * The request body: the prompt as one text part, image output only, and the dispatched size as the nearest of
     * the model's aspect ratios and, for models with size tiers, the tier nearest in area.
     */
    static String body(GenerationRequest request) {
        ImageParams params = request.params();
        CatalogModel model = request.model();
        ObjectNode body = VendorJson.object();
        body.putArray("contents").addObject().put("role", "user")
                .putArray("parts").addObject().put("text", request.prompt());
        ObjectNode config = body.putObject("generationConfig");
        config.putArray("responseModalities").add("IMAGE");
        ObjectNode imageConfig = config.putObject("imageConfig");
        AspectRatios.nearest(model.options().get(ASPECT_RATIOS), params.width(), params.height())
                .ifPresent(ratio -> imageConfig.put("aspectRatio", ratio));
        imageSize(model.options().get(IMAGE_SIZES), params.width(), params.height())
                .ifPresent(tier -> imageConfig.put("imageSize", tier));
        return VendorJson.write(body);
    }

    /** The tier ("1K") whose square is nearest in area to the asked size; empty when the model lists none. */
    static Optional<String> imageSize(String tiers, int width, int height) {
        if (tiers == null || tiers.isBlank()) {
            return Optional.empty();
        }
        double wanted = Math.log((double) width * height);
        String best = null;
        double bestDistance = Double.MAX_VALUE;
        for (String tier : tiers.split(",")) {
            String[] nameAndSide = tier.strip().split("=");
            if (nameAndSide.length != 2 || !nameAndSide[1].strip().matches("[1-9][0-9]{0,4}")) {
                continue;
            }
            double side = Double.parseDouble(nameAndSide[1].strip());
            double distance = Math.abs(Math.log(side * side) - wanted);
            if (distance < bestDistance) {
                best = nameAndSide[0].strip();
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    private GenerationResult answer(GenerationRequest request, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            return GoogleErrors.classify(response.statusCode(), response.headers(), response.body(), clock);
        }
        JsonNode json = VendorJson.parse(response.body());
        Size asked = new Size(request.params().width(), request.params().height());
        JsonNode inline = firstImage(json);
        // Billed by the tokens Google counts, so the size here only describes the image; the asked one will do.
        Usd cost = billing.bill(provider, request.model(), usage(json, inline == null ? List.of() : List.of(asked)));
        Optional<Failed> refused = GoogleErrors.refused(json);
        if (refused.isPresent()) {
            Failed failed = refused.get();
            return new Failed(failed.failureClass(), failed.reason(), cost);
        }
        if (inline == null) {
            String finish = json.path("candidates").path(0).path("finishReason").asString("");
            return new Failed(FailureClass.RETRYABLE, "Gemini answered no image"
                    + (finish.matches("[A-Z_]{1,40}") ? " (finishReason " + finish + ")" : ""), cost);
        }
        if (!"image/png".equals(inline.path("mimeType").asString("image/png"))) {
            return new Failed(FailureClass.RETRYABLE, "Gemini answered an image that is not PNG; the store keeps PNG",
                    cost);
        }
        byte[] data;
        try {
            data = Base64.getDecoder().decode(inline.path("data").asString(""));
        } catch (IllegalArgumentException malformed) {
            return new Failed(FailureClass.RETRYABLE, "malformed inlineData in Gemini's answer", cost);
        }
        // The size reported is the image's own, read from its bytes: Gemini draws an aspect ratio at a size tier, not
        // the pixels asked for, and a wrong size must show rather than be papered over with the request's.
        Optional<ImageBytes.Png> png = ImageBytes.asPng(data);
        if (png.isEmpty()) {
            return new Failed(FailureClass.RETRYABLE, "Gemini's inlineData is no image this worker reads", cost);
        }
        Size size = png.get().size();
        try {
            return new GenerationResult.Generated(List.of(images.store(request.jobId(), request.attempt(),
                    request.firstImage(), png.get().bytes(), size.width(), size.height())), cost);
        } catch (ImageStoreException e) {
            log.error("could not store an image of job {} attempt {}", request.jobId(), request.attempt(), e);
            return new Failed(FailureClass.RETRYABLE, "image store failed", cost);
        }
    }

    private static JsonNode firstImage(JsonNode json) {
        for (JsonNode candidate : json.path("candidates")) {
            for (JsonNode part : candidate.path("content").path("parts")) {
                if (part.path("inlineData").path("data").isString()) {
                    return part.path("inlineData");
                }
            }
        }
        return null;
    }

    /**
     * What Google counted: prompt tokens as text input, and as output the candidates' tokens plus any thinking tokens,
     * which Gemini bills at the output rate. Proto3 JSON leaves zero counts out, so a missing count in a present
     * {@code usageMetadata} is zero; without {@code usageMetadata} the counts are unknown and so is the cost.
     */
    static Usage usage(JsonNode json, List<Size> made) {
        Usage usage = Usage.ofImages(made, null);
        JsonNode metadata = json.path("usageMetadata");
        if (!metadata.isObject()) {
            return usage;
        }
        long output = count(metadata.path("candidatesTokenCount")) + count(metadata.path("thoughtsTokenCount"));
        return usage.withTokens(count(metadata.path("promptTokenCount")), null, output);
    }

    private static long count(JsonNode node) {
        return node.isIntegralNumber() && node.longValue() >= 0 ? node.longValue() : 0;
    }
}
