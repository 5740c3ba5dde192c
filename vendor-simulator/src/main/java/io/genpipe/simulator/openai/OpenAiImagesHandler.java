package io.genpipe.simulator.openai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.account.AccountCounters;
import io.genpipe.simulator.account.CallsInProgress;
import io.genpipe.simulator.account.RequestBucket;
import io.genpipe.simulator.http.ApiKeyCheck;
import io.genpipe.simulator.http.Exchanges;
import io.genpipe.simulator.http.MalformedAnswers;
import io.genpipe.simulator.http.Json;
import io.genpipe.simulator.image.PlaceholderImages;
import io.genpipe.simulator.openai.ImagesResponse.ImageData;
import io.genpipe.simulator.openai.ImagesResponse.InputTokensDetails;
import io.genpipe.simulator.openai.ImagesResponse.Usage;
import io.genpipe.simulator.profile.Chance;
import io.genpipe.simulator.profile.ProfileSwitch;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * {@code POST /v1/images/generations} and {@code POST /v1/images/edits}, which share the account: its key, profile,
 * limits and counters. The call is synchronous for the client, but no thread waits for it
 * here: the handler decides the answer, hands the open exchange to the scheduler and returns, and the
 * scheduler writes the answer when the sampled latency has passed.
 */
final class OpenAiImagesHandler implements HttpHandler {

    static final String PATH = "/v1/images/generations";
    static final String EDITS_PATH = "/v1/images/edits";
    /** Prompts carrying this marker are refused by the simulated safety system. */
    static final String UNSAFE_MARKER = "[unsafe]";
    /** Prompts carrying this marker pass the input check, and their image is refused at the output check. */
    static final String UNSAFE_OUTPUT_MARKER = "[unsafe-output]";

    private static final System.Logger LOG = System.getLogger(OpenAiImagesHandler.class.getName());

    private final ApiKeyCheck keys;
    private final ProfileSwitch profile;
    private final Chance chance;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final PlaceholderImages images;
    private final LongAdder generations = new LongAdder();
    private final LongAdder limitRefusals = new LongAdder();
    private final RequestBucket requestsPerMinute = new RequestBucket();
    private final CallsInProgress openCalls = new CallsInProgress();

    OpenAiImagesHandler(ApiKeyCheck keys, ProfileSwitch profile, Chance chance, Clock clock,
                        ScheduledExecutorService scheduler, PlaceholderImages images) {
        this.keys = keys;
        this.profile = profile;
        this.chance = chance;
        this.clock = clock;
        this.scheduler = scheduler;
        this.images = images;
    }

    long generations() {
        return generations.sum();
    }

    AccountCounters counters() {
        return new AccountCounters(generations(), limitRefusals.sum(), openCalls.peak());
    }

    void resetCounters() {
        limitRefusals.reset();
        openCalls.resetPeak();
    }

    @Override
    public void handle(HttpExchange exchange) {
        String requestId = "req_" + UUID.randomUUID().toString().replace("-", "");
        try {
            String path = exchange.getRequestURI().getPath();
            boolean post = exchange.getRequestMethod().equals("POST");
            if (post && path.equals(PATH)) {
                generations.increment();
                generate(exchange, requestId);
            } else if (post && path.equals(EDITS_PATH)) {
                generations.increment();
                edit(exchange, requestId);
            } else {
                fail(exchange, requestId, OpenAiError.invalidUrl(exchange.getRequestMethod(), path));
            }
        } catch (OpenAiError.Rejected rejected) {
            fail(exchange, requestId, rejected.error());
        } catch (RuntimeException bug) {
            LOG.log(System.Logger.Level.WARNING, "OpenAI simulator failed on " + exchange.getRequestURI().getPath(), bug);
            fail(exchange, requestId, OpenAiError.serverError());
        }
    }

    /** What one call makes: the images asked for, and the image-input tokens its input images count. */
    private record Planned(ImageRequest request, int imageInputTokens) {
    }

    private void generate(HttpExchange exchange, String requestId) {
        requireKey(exchange);
        JsonNode body = Json.parse(Exchanges.readBody(exchange))
                .orElseThrow(() -> new OpenAiError.Rejected(OpenAiError.unparsableJson()));
        serve(exchange, requestId, today -> new Planned(ImageRequest.parse(body, today), 0));
    }

    /**
     * {@code POST /v1/images/edits}, as JSON ({@code images} by URL, data URL or file id) or as a multipart form
     * (image files). The images answered are drawn at the size asked, so a client can check what it stores.
     */
    private void edit(HttpExchange exchange, String requestId) {
        requireKey(exchange);
        byte[] raw = EditForm.read(exchange)
                .orElseThrow(() -> new OpenAiError.Rejected(OpenAiError.bodyTooLarge(EditForm.MAX_BODY_BYTES)));
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        Function<LocalDate, EditRequest> parse;
        if (EditForm.isMultipart(contentType)) {
            List<EditForm.Part> parts = EditForm.parse(contentType, raw)
                    .orElseThrow(() -> new OpenAiError.Rejected(OpenAiError.unparsableForm()));
            parse = today -> EditRequest.parseForm(parts, today);
        } else {
            JsonNode body = Json.parse(raw).orElseThrow(() -> new OpenAiError.Rejected(OpenAiError.unparsableJson()));
            parse = today -> EditRequest.parseJson(body, today);
        }
        serve(exchange, requestId, today -> {
            EditRequest edit = parse.apply(today);
            int imageTokens = edit.inputImages().stream()
                    .mapToInt(image -> ImageTokens.inputPerImage(image.width(), image.height())).sum();
            return new Planned(edit.request(), imageTokens);
        });
    }

    private void requireKey(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (!keys.accepts(authorization)) {
            throw new OpenAiError.Rejected(authorization == null ? OpenAiError.missingKey() : OpenAiError.wrongKey());
        }
    }

    /** The checks every image call goes through after its body was read, in the order the README lists them. */
    private void serve(HttpExchange exchange, String requestId, Function<LocalDate, Planned> plan) {
        VendorProfile current = profile.current();
        if (current.outage()) {
            throw new OpenAiError.Rejected(OpenAiError.overloaded());
        }
        if (current.creditExhausted()) {
            throw new OpenAiError.Rejected(OpenAiError.quotaExceeded());
        }
        if (!requestsPerMinute.tryTake(current.requestsPerMinute(), clock.instant())) {
            limitRefusals.increment();
            throw new OpenAiError.Rejected(OpenAiError.overRequestLimit(current.requestsPerMinute(),
                    current.retryAfterHeaders(true)));
        }
        if (chance.happens(current.rateLimitRate())) {
            throw new OpenAiError.Rejected(OpenAiError.rateLimited(current.retryAfterHeaders(true)));
        }
        Planned planned = plan.apply(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        if (planned.request().prompt().toLowerCase(Locale.ROOT).contains(UNSAFE_MARKER)) {
            throw new OpenAiError.Rejected(OpenAiError.moderationBlocked(requestId));
        }
        // Last of the checks, so only a call that is about to be held open takes a slot.
        if (!openCalls.tryOpen(current.concurrency())) {
            limitRefusals.increment();
            throw new OpenAiError.Rejected(OpenAiError.overConcurrencyLimit(current.concurrency(),
                    current.retryAfterHeaders(true)));
        }
        Duration latency;
        Runnable answer;
        try {
            latency = chance.latency(current.latency());
            if (chance.happens(current.errorRate())) {
                answer = () -> fail(exchange, requestId, OpenAiError.serverError());
            } else if (chance.happens(current.malformedRate())) {
                answer = () -> MalformedAnswers.sendJson(exchange, Map.of("x-request-id", requestId));
            } else if (planned.request().prompt().toLowerCase(Locale.ROOT).contains(UNSAFE_OUTPUT_MARKER)) {
                answer = () -> fail(exchange, requestId, OpenAiError.moderationBlockedAtOutput(requestId));
            } else {
                ImagesResponse response = respond(planned);
                Map<String, String> headers = Map.of("x-request-id", requestId,
                        "openai-processing-ms", Long.toString(latency.toMillis()));
                answer = () -> Exchanges.sendJson(exchange, 200, response, headers);
            }
        } catch (RuntimeException bug) {
            openCalls.close(); // answered at once with a 500: a leaked slot would refuse every later call
            throw bug;
        }
        holdOpen(latency, answer, exchange);
    }

    private ImagesResponse respond(Planned planned) {
        ImageRequest request = planned.request();
        List<ImageData> data = new ArrayList<>(request.n());
        for (int i = 0; i < request.n(); i++) {
            int colour = PlaceholderImages.colourOf(request.prompt(), i);
            byte[] png = images.png(colour, request.width(), request.height());
            data.add(new ImageData(Base64.getEncoder().encodeToString(png)));
        }
        int textTokens = ImageTokens.promptTokens(request.prompt());
        int imageTokens = planned.imageInputTokens();
        int outputTokens = request.n() * ImageTokens.outputPerImage(request.quality(), request.width(), request.height());
        Usage usage = new Usage(textTokens + imageTokens + outputTokens, textTokens + imageTokens, outputTokens,
                new InputTokensDetails(textTokens, imageTokens));
        return new ImagesResponse(clock.instant().getEpochSecond(), data, request.background(), request.outputFormat(),
                request.size(), request.quality(), usage);
    }

    /**
     * Completes the exchange of an open call from the scheduler once {@code delay} has passed. The call is closed
     * just before its answer is written: a client that sends its next call the moment it reads this answer must
     * not find it still counted, or a client that holds exactly the limit would see spurious 429s.
     */
    private void holdOpen(Duration delay, Runnable answer, HttpExchange exchange) {
        try {
            scheduler.schedule(() -> {
                openCalls.close();
                answer.run();
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            openCalls.close();
            exchange.close();
        }
    }

    private static void fail(HttpExchange exchange, String requestId, OpenAiError error) {
        error.sendTo(exchange, requestId);
    }
}
