package io.genpipe.worker.adapter.openai;

import io.genpipe.contracts.catalog.Size;
import io.genpipe.contracts.catalog.Usage;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.contracts.event.JobInputs;
import io.genpipe.contracts.event.Operation;
import io.genpipe.worker.adapter.Billing;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.InputFiles;
import io.genpipe.worker.adapter.TransportFailures;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.adapter.VendorJson;
import io.genpipe.worker.image.ImageStore;
import io.genpipe.worker.image.ImageStoreException;
import io.genpipe.worker.provider.ApiKey;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * OpenAI's images API (vendor-apis.md section 3): one synchronous {@code POST /images/generations}, or
 * {@code POST /images/edits} for an image-edit job, sent with an asynchronous send so no thread waits for the answer.
 * An edit's input images and mask go as JSON references ({@code image_url}): an https URL as it is, an upload in the
 * image store as a data URL ({@link InputFiles}). GPT image models answer base64 images; they are decoded
 * into the {@link ImageStore} and the result refers to them, so image bytes never reach Kafka. The call is billed by
 * the catalog's price of the model on the {@code usage} OpenAI reports.
 */
public final class OpenAiAdapter implements VendorAdapter {

    private static final Logger log = LoggerFactory.getLogger(OpenAiAdapter.class);
    /** The quality asked for when the catalog names none: OpenAI's own default. */
    static final String DEFAULT_QUALITY = "auto";
    /**
     * The sizes {@code EditImageBodyJsonParam} lists besides {@code auto}. Unlike generations, where gpt-image-2 takes
     * any WxH, the edit endpoint's schema names only these; any other dispatched size is sent as {@code auto}, which
     * lets OpenAI take the size from the input, and the answer's {@code size} says what was made: that is what is
     * stored and billed.
     */
    static final Set<String> EDIT_SIZES = Set.of("1024x1024", "1536x1024", "1024x1536");
    /** Counter of the input images edits sent, tagged by how: an https URL as given, or a stored upload inlined. */
    static final String INPUT_IMAGES = "genpipe.worker.input-images";

    private final String provider;
    private final URI generationsUrl;
    private final URI editsUrl;
    private final ApiKey apiKey;
    private final OpenAiOptions options;
    private final Billing billing;
    private final VendorHttp http;
    private final ImageStore images;
    private final InputFiles inputFiles;
    private final MeterRegistry meters;

    public OpenAiAdapter(String provider, URI baseUrl, ApiKey apiKey, OpenAiOptions options, Billing billing,
                         VendorHttp http, ImageStore images, InputFiles inputFiles, MeterRegistry meters) {
        this.provider = Objects.requireNonNull(provider, "provider");
        String root = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        this.generationsUrl = URI.create((root.endsWith("/") ? root : root + "/") + "images/generations");
        this.editsUrl = URI.create((root.endsWith("/") ? root : root + "/") + "images/edits");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.options = Objects.requireNonNull(options, "options");
        this.billing = Objects.requireNonNull(billing, "billing");
        this.http = Objects.requireNonNull(http, "http");
        this.images = Objects.requireNonNull(images, "images");
        this.inputFiles = Objects.requireNonNull(inputFiles, "inputFiles");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    @Override
    public CompletableFuture<GenerationResult> generate(GenerationRequest request) {
        if (!apiKey.isPresent()) {
            return CompletableFuture.completedFuture(Failed.of(FailureClass.AUTH_FAILED,
                    "provider misconfigured: no API key in " + apiKey.variable()));
        }
        if (request.operation() == Operation.MODEL_TRAINING) {
            return CompletableFuture.completedFuture(Failed.of(FailureClass.INVALID_REQUEST,
                    "OpenAI's images API trains no models"));
        }
        boolean edit = request.operation() == Operation.IMAGE_EDIT;
        String body;
        try {
            body = edit ? editBody(request, inputFiles) : body(request);
        } catch (InputFiles.InputFileException unreadable) {
            // Another provider could not read it either: refused before any call, so nothing is billed.
            return CompletableFuture.completedFuture(Failed.of(FailureClass.INVALID_REQUEST, unreadable.getMessage()));
        }
        if (edit) {
            countInputs(request);
        }
        HttpRequest.Builder call = OpenAiAuth.apply(HttpRequest.newBuilder(edit ? editsUrl : generationsUrl), apiKey,
                        options)
                .timeout(request.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
        call.POST(HttpRequest.BodyPublishers.ofString(body));
        request.recordCalling(); // not resumable: recorded so a call lost in a crash is known to have been made
        return http.send(call.build()).handle((response, error) -> {
            if (error != null) {
                return TransportFailures.classify(error, request.timeout());
            }
            try {
                return answer(request, response);
            } catch (RuntimeException bug) {
                log.warn("could not read OpenAI's answer for job {} attempt {}", request.jobId(),
                        request.attempt(), bug);
                return TransportFailures.classify(bug);
            }
        });
    }

    /**
     * The request body: exactly the dispatched size ({@code WIDTHxHEIGHT}) and count, which the router fitted to the
     * model, and the model's render quality from the catalog.
     */
    static String body(GenerationRequest request) {
        ImageParams params = request.params();
        ObjectNode body = VendorJson.object();
        body.put("model", request.modelId());
        body.put("prompt", request.prompt());
        body.put("n", params.count());
        body.put("size", sent(request).toString());
        body.put("quality", quality(request));
        body.put("output_format", "png");
        return VendorJson.write(body);
    }

    /**
     * The edit body ({@code EditImageBodyJsonParam}): every input image and the mask as {@code image_url}, the
     * dispatched count, the dispatched size when the edit endpoint lists it (else {@code auto}, see
     * {@link #EDIT_SIZES}), and the model's render quality.
     *
     * @throws InputFiles.InputFileException when an input cannot be read from the image store
     */
    static String editBody(GenerationRequest request, InputFiles inputFiles) {
        JobInputs inputs = request.inputs();
        ObjectNode body = VendorJson.object();
        body.put("model", request.modelId());
        body.put("prompt", request.prompt());
        ArrayNode images = body.putArray("images");
        for (String image : inputs.images()) {
            images.addObject().put("image_url", inputFiles.urlOrDataUri(image));
        }
        if (inputs.mask() != null) {
            body.putObject("mask").put("image_url", inputFiles.urlOrDataUri(inputs.mask()));
        }
        body.put("n", request.params().count());
        String size = sent(request).toString();
        body.put("size", EDIT_SIZES.contains(size) ? size : "auto");
        body.put("quality", quality(request));
        body.put("output_format", "png");
        return VendorJson.write(body);
    }

    private void countInputs(GenerationRequest request) {
        for (String image : request.inputs().images()) {
            meters.counter(INPUT_IMAGES, "provider", provider, "sent-as",
                    image.regionMatches(true, 0, "file:", 0, 5) ? "data-uri" : "url").increment();
        }
    }

    private GenerationResult answer(GenerationRequest request, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            return OpenAiErrors.classify(response.statusCode(), response.headers(), response.body());
        }
        JsonNode json = VendorJson.parse(response.body());
        Size size = reportedSize(json.path("size").asString(""), sent(request));
        List<String> base64Images = new ArrayList<>();
        for (JsonNode image : json.path("data")) {
            String base64 = image.path("b64_json").asString("");
            if (!base64.isEmpty()) {
                base64Images.add(base64);
            }
        }
        Usd cost = billing.bill(provider, request.model(), usage(json, size, base64Images.size(), quality(request)));
        List<ImageRef> stored = new ArrayList<>();
        for (String base64 : base64Images) {
            byte[] png;
            try {
                png = Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException malformed) {
                return new Failed(FailureClass.RETRYABLE, "malformed b64_json in OpenAI's answer", cost);
            }
            try {
                stored.add(images.store(request.jobId(), request.attempt(), request.firstImage() + stored.size(), png, size.width(),
                        size.height()));
            } catch (ImageStoreException e) {
                log.error("could not store an image of job {} attempt {}", request.jobId(), request.attempt(), e);
                return new Failed(FailureClass.RETRYABLE, "image store failed", cost);
            }
        }
        if (stored.isEmpty()) {
            return new Failed(FailureClass.RETRYABLE, "OpenAI's answer holds no images", cost);
        }
        return new GenerationResult.Generated(stored, cost);
    }

    /**
     * What OpenAI reported: the tokens it counted (all input as text when it does not split it), the images and their
     * size, the quality it ran at. A count it left out stays null, and a price that needs it cannot bill the call.
     */
    static Usage usage(JsonNode json, Size size, int images, String askedQuality) {
        JsonNode usage = json.path("usage");
        JsonNode details = usage.path("input_tokens_details");
        Long text = details.isObject() ? count(details.path("text_tokens")) : count(usage.path("input_tokens"));
        Long image = details.isObject() ? count(details.path("image_tokens")) : null;
        String quality = json.path("quality").asString(askedQuality);
        return Usage.ofImages(Collections.nCopies(images, size), quality)
                .withTokens(text, image, count(usage.path("output_tokens")));
    }

    private static Long count(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 0 ? node.longValue() : null;
    }

    private static Size sent(GenerationRequest request) {
        return new Size(request.params().width(), request.params().height());
    }

    private static String quality(GenerationRequest request) {
        String quality = request.model().renderQuality();
        return quality == null || quality.isBlank() ? DEFAULT_QUALITY : quality;
    }

    /** The size the response reports (e.g. "1536x1024"), or the one sent. */
    private static Size reportedSize(String reported, Size sent) {
        try {
            return Size.parse(reported);
        } catch (IllegalArgumentException notASize) {
            return sent;
        }
    }
}
