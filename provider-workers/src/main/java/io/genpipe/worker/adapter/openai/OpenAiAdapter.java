package io.genpipe.worker.adapter.openai;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.GenerationResult.Failed;
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

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * OpenAI's images API (vendor-apis.md section 3): one synchronous {@code POST /images/generations}, sent with
 * an asynchronous send so no thread waits for the answer. GPT image models answer base64 images; they are decoded
 * into the {@link ImageStore} and the result refers to them, so image bytes never reach Kafka.
 */
public final class OpenAiAdapter implements VendorAdapter {

    private static final Logger log = LoggerFactory.getLogger(OpenAiAdapter.class);

    private final URI generationsUrl;
    private final ApiKey apiKey;
    private final OpenAiPricing pricing;
    private final String quality;
    private final VendorHttp http;
    private final ImageStore images;

    public OpenAiAdapter(URI baseUrl, ApiKey apiKey, OpenAiPricing pricing, String quality, VendorHttp http,
                         ImageStore images) {
        String root = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        this.generationsUrl = URI.create((root.endsWith("/") ? root : root + "/") + "images/generations");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.pricing = Objects.requireNonNull(pricing, "pricing");
        this.quality = Objects.requireNonNull(quality, "quality");
        this.http = Objects.requireNonNull(http, "http");
        this.images = Objects.requireNonNull(images, "images");
    }

    @Override
    public CompletableFuture<GenerationResult> generate(GenerationRequest request) {
        if (!apiKey.isPresent()) {
            return CompletableFuture.completedFuture(Failed.of(FailureClass.RETRYABLE,
                    "provider misconfigured: no API key in " + apiKey.variable()));
        }
        OpenAiSizes.Size size = OpenAiSizes.nearest(request.params().width(), request.params().height());
        HttpRequest call = HttpRequest.newBuilder(generationsUrl)
                .timeout(request.timeout())
                .header("Authorization", "Bearer " + apiKey.value())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(request, size, quality)))
                .build();
        return http.send(call).handle((response, error) -> {
            if (error != null) {
                return TransportFailures.classify(error, request.timeout());
            }
            try {
                return answer(request, size, response);
            } catch (RuntimeException bug) {
                log.warn("could not read OpenAI's answer for job {} attempt {}", request.jobId(),
                        request.attempt(), bug);
                return TransportFailures.classify(bug);
            }
        });
    }

    static String body(GenerationRequest request, OpenAiSizes.Size size, String quality) {
        ObjectNode body = VendorJson.object();
        body.put("model", request.model());
        body.put("prompt", request.prompt());
        body.put("n", request.params().count());
        body.put("size", size.wire());
        body.put("quality", quality);
        body.put("output_format", "png");
        return VendorJson.write(body);
    }

    private GenerationResult answer(GenerationRequest request, OpenAiSizes.Size requested,
                                    HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            return OpenAiErrors.classify(response.statusCode(), response.headers(), response.body());
        }
        JsonNode json = VendorJson.parse(response.body());
        BigDecimal cost = pricing.cost(request.model(), json.path("usage"));
        OpenAiSizes.Size size = sizeOf(json.path("size").asString(""), requested);
        List<ImageRef> stored = new ArrayList<>();
        int index = 0;
        for (JsonNode image : json.path("data")) {
            String base64 = image.path("b64_json").asString("");
            if (base64.isEmpty()) {
                continue;
            }
            byte[] png;
            try {
                png = Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException malformed) {
                return new Failed(FailureClass.RETRYABLE, "malformed b64_json in OpenAI's answer", cost);
            }
            try {
                stored.add(images.store(request.jobId(), request.attempt(), index++, png, size.width(), size.height()));
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

    /** The size the response reports (e.g. "1536x1024"), or the one asked for. */
    private static OpenAiSizes.Size sizeOf(String reported, OpenAiSizes.Size requested) {
        int x = reported.indexOf('x');
        if (x > 0 && reported.substring(0, x).matches("\\d{1,5}") && reported.substring(x + 1).matches("\\d{1,5}")) {
            return new OpenAiSizes.Size(Integer.parseInt(reported.substring(0, x)),
                    Integer.parseInt(reported.substring(x + 1)));
        }
        return requested;
    }
}
