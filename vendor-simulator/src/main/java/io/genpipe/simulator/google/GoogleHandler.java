package io.genpipe.simulator.google;

import com.sun.net.httpserver.HttpExchange;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.account.AccountCounters;
import io.genpipe.simulator.account.CallsInProgress;
import io.genpipe.simulator.account.RequestBucket;
import io.genpipe.simulator.http.GenerationsServer;
import io.genpipe.simulator.http.Exchanges;
import io.genpipe.simulator.http.MalformedAnswers;
import io.genpipe.simulator.http.Json;
import io.genpipe.simulator.image.PlaceholderImages;
import io.genpipe.simulator.profile.Chance;
import io.genpipe.simulator.profile.ProfileSwitch;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Gemini API's {@code POST /v1beta/models/{model}:generateContent} for image models (vendor-apis.md section 7):
 * synchronous, the image inline as base64 in {@code candidates[0].content.parts[].inlineData}, the tokens counted in
 * {@code usageMetadata}. No thread waits for an answer: the open exchange is completed from the scheduler.
 */
final class GoogleHandler implements GenerationsServer.Api {

    /** A prompt carrying this marker is blocked before the model runs ({@code promptFeedback.blockReason}). */
    static final String UNSAFE_MARKER = "[unsafe]";
    /** A prompt carrying this marker runs, and its image is withheld ({@code finishReason: SAFETY}). */
    static final String UNSAFE_OUTPUT_MARKER = "[unsafe-output]";

    private static final System.Logger LOG = System.getLogger(GoogleHandler.class.getName());
    private static final Pattern PATH = Pattern.compile("/v1beta/models/([^/:]+):([A-Za-z]+)");

    private final byte[] apiKey;
    private final ProfileSwitch profile;
    private final Chance chance;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final PlaceholderImages images;
    private final LongAdder generations = new LongAdder();
    private final LongAdder limitRefusals = new LongAdder();
    private final RequestBucket requestsPerMinute = new RequestBucket();
    private final CallsInProgress held = new CallsInProgress();

    GoogleHandler(String apiKey, ProfileSwitch profile, Chance chance, Clock clock, ScheduledExecutorService scheduler,
                  PlaceholderImages images) {
        this.apiKey = apiKey == null ? null : apiKey.getBytes(StandardCharsets.UTF_8);
        this.profile = profile;
        this.chance = chance;
        this.clock = clock;
        this.scheduler = scheduler;
        this.images = images;
    }

    @Override
    public long generations() {
        return generations.sum();
    }

    @Override
    public AccountCounters counters() {
        return new AccountCounters(generations(), limitRefusals.sum(), held.peak());
    }

    @Override
    public void resetCounters() {
        limitRefusals.reset();
        held.resetPeak();
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
            if (!path.matches()) {
                throw new GoogleError.Rejected(GoogleError.of(404, "NOT_FOUND", "The requested URL was not found."));
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                throw new GoogleError.Rejected(GoogleError.of(405, "METHOD_NOT_ALLOWED", "Use POST."));
            }
            generations.increment();
            generate(exchange, path.group(1), path.group(2));
        } catch (GoogleError.Rejected rejected) {
            rejected.error().sendTo(exchange);
        } catch (RuntimeException bug) {
            LOG.log(System.Logger.Level.WARNING, "Google simulator failed on " + exchange.getRequestURI().getPath(), bug);
            GoogleError.internal().sendTo(exchange);
        }
    }

    private void generate(HttpExchange exchange, String model, String method) {
        String key = exchange.getRequestHeaders().getFirst("x-goog-api-key");
        if (key == null || key.isBlank()) {
            throw new GoogleError.Rejected(GoogleError.missingKey());
        }
        if (apiKey != null && !MessageDigest.isEqual(apiKey, key.strip().getBytes(StandardCharsets.UTF_8))) {
            throw new GoogleError.Rejected(GoogleError.wrongKey());
        }
        if (GoogleModels.shutDown(model)) {
            throw new GoogleError.Rejected(GoogleError.modelShutDown(model));
        }
        if (!method.equals("generateContent") || !GoogleModels.known(model)) {
            throw new GoogleError.Rejected(GoogleError.modelNotFound(model));
        }
        VendorProfile current = profile.current();
        if (current.outage()) {
            throw new GoogleError.Rejected(GoogleError.unavailable());
        }
        if (current.creditExhausted()) {
            throw new GoogleError.Rejected(GoogleError.billingRequired());
        }
        if (!requestsPerMinute.tryTake(current.requestsPerMinute(), clock.instant())) {
            limitRefusals.increment();
            throw new GoogleError.Rejected(GoogleError.resourceExhausted(current.retryAfter()));
        }
        if (chance.happens(current.rateLimitRate())) {
            throw new GoogleError.Rejected(GoogleError.resourceExhausted(current.retryAfter()));
        }
        GoogleRequest request = GoogleRequest.parse(Json.parse(Exchanges.readBody(exchange)).orElse(null));
        if (!held.tryOpen(current.concurrency())) {
            limitRefusals.increment();
            throw new GoogleError.Rejected(GoogleError.resourceExhausted(current.retryAfter()));
        }
        Duration latency;
        Runnable answer;
        try {
            latency = chance.latency(current.latency());
            if (chance.happens(current.errorRate())) {
                answer = () -> GoogleError.internal().sendTo(exchange);
            } else if (chance.happens(current.malformedRate())) {
                answer = () -> MalformedAnswers.sendJson(exchange, Map.of());
            } else {
                byte[] body = GoogleJson.write(respond(model, request));
                answer = () -> Exchanges.send(exchange, 200, "application/json; charset=UTF-8", body, Map.of());
            }
        } catch (RuntimeException bug) {
            held.close();
            throw bug;
        }
        holdOpen(latency, answer, exchange);
    }

    private Map<String, Object> respond(String model, GoogleRequest request) {
        int promptTokens = Math.max(1, (request.prompt().length() + 3) / 4);
        String lower = request.prompt().toLowerCase(Locale.ROOT);
        Map<String, Object> response = new LinkedHashMap<>();
        if (lower.contains(UNSAFE_OUTPUT_MARKER)) {
            response.put("candidates", List.of(Map.of("finishReason", "SAFETY", "index", 0)));
            response.put("usageMetadata", usage(promptTokens, 0));
        } else if (lower.contains(UNSAFE_MARKER)) {
            // Blocked before the model ran: no candidates at all, and proto3 JSON leaves the zero output count out.
            response.put("promptFeedback", Map.of("blockReason", "SAFETY"));
            response.put("usageMetadata", Map.of("promptTokenCount", promptTokens, "totalTokenCount", promptTokens));
        } else if (!request.imageAsked()) {
            Map<String, Object> content = Map.of("role", "model", "parts", List.of(Map.of("text",
                    "Here is a description of the picture instead of an image.")));
            response.put("candidates", List.of(Map.of("content", content, "finishReason", "STOP", "index", 0)));
            response.put("usageMetadata", usage(promptTokens, 12));
        } else {
            // Drawn at the asked aspect ratio and size tier, so a client that reports a size it did not read shows it.
            int[] pixels = GoogleModels.pixels(request.aspectRatio(), request.imageSize());
            byte[] png = images.png(PlaceholderImages.colourOf(request.prompt(), 0), pixels[0], pixels[1]);
            Map<String, Object> image = Map.of("inlineData", Map.of("mimeType", "image/png",
                    "data", Base64.getEncoder().encodeToString(png)));
            Map<String, Object> content = Map.of("role", "model", "parts", List.of(image));
            response.put("candidates", List.of(Map.of("content", content, "finishReason", "STOP", "index", 0)));
            response.put("usageMetadata", usage(promptTokens, GoogleModels.OUTPUT_TOKENS.get(request.imageSize())));
        }
        response.put("modelVersion", model);
        response.put("responseId", UUID.randomUUID().toString().replace("-", "").substring(0, 22));
        return response;
    }

    private static Map<String, Object> usage(int prompt, int output) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("promptTokenCount", prompt);
        usage.put("candidatesTokenCount", output);
        usage.put("totalTokenCount", prompt + output);
        usage.put("promptTokensDetails", List.of(Map.of("modality", "TEXT", "tokenCount", prompt)));
        if (output > 0) {
            usage.put("candidatesTokensDetails", List.of(Map.of("modality", "IMAGE", "tokenCount", output)));
        }
        return usage;
    }

    private void holdOpen(Duration delay, Runnable answer, HttpExchange exchange) {
        try {
            scheduler.schedule(() -> {
                held.close();
                answer.run();
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            held.close();
            exchange.close();
        }
    }

    /** What the simulator reads of a generateContent body. */
    record GoogleRequest(String prompt, boolean imageAsked, String aspectRatio, String imageSize) {

        static GoogleRequest parse(JsonNode body) {
            if (body == null || !body.isObject()) {
                throw new GoogleError.Rejected(GoogleError.invalid("The request body is not valid JSON."));
            }
            StringBuilder prompt = new StringBuilder();
            for (JsonNode content : body.path("contents")) {
                for (JsonNode part : content.path("parts")) {
                    prompt.append(part.path("text").asString(""));
                }
            }
            if (prompt.toString().isBlank()) {
                throw new GoogleError.Rejected(GoogleError.invalid("contents must hold at least one text part."));
            }
            JsonNode config = body.path("generationConfig");
            boolean imageAsked = false;
            for (JsonNode modality : config.path("responseModalities")) {
                imageAsked |= modality.asString("").equalsIgnoreCase("IMAGE");
            }
            JsonNode imageConfig = config.path("imageConfig");
            Optional<String> ratio = Optional.ofNullable(imageConfig.get("aspectRatio")).map(n -> n.asString(""));
            if (ratio.isPresent() && !GoogleModels.ASPECT_RATIOS.contains(ratio.get())) {
                throw new GoogleError.Rejected(GoogleError.invalid("imageConfig.aspectRatio '" + ratio.get()
                        + "' is not supported; use one of " + GoogleModels.ASPECT_RATIOS + "."));
            }
            String size = imageConfig.path("imageSize").asString(GoogleModels.DEFAULT_IMAGE_SIZE);
            if (!GoogleModels.OUTPUT_TOKENS.containsKey(size)) {
                throw new GoogleError.Rejected(GoogleError.invalid("imageConfig.imageSize '" + size
                        + "' is not supported; use one of " + GoogleModels.OUTPUT_TOKENS.keySet() + "."));
            }
            if (config.path("candidateCount").asInt(1) != 1) {
                throw new GoogleError.Rejected(GoogleError.invalid("Image models make one candidate per call."));
            }
            return new GoogleRequest(prompt.toString(), imageAsked, ratio.orElse(GoogleModels.DEFAULT_ASPECT_RATIO), size);
        }
    }
}
