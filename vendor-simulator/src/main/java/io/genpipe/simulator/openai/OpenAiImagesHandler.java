package io.genpipe.simulator.openai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.account.AccountCounters;
import io.genpipe.simulator.account.CallsInProgress;
import io.genpipe.simulator.account.RequestBucket;
import io.genpipe.simulator.http.ApiKeyCheck;
import io.genpipe.simulator.http.Exchanges;
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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code POST /v1/images/generations}. The call is synchronous for the client, but no thread waits for it
 * here: the handler decides the answer, hands the open exchange to the scheduler and returns, and the
 * scheduler writes the answer when the sampled latency has passed.
 */
final class OpenAiImagesHandler implements HttpHandler {

    static final String PATH = "/v1/images/generations";
    /** Prompts carrying this marker are refused by the simulated safety system. */
    static final String UNSAFE_MARKER = "[unsafe]";

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
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals(PATH)) {
                fail(exchange, requestId, OpenAiError.invalidUrl(exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath()));
                return;
            }
            generations.increment();
            generate(exchange, requestId);
        } catch (OpenAiError.Rejected rejected) {
            fail(exchange, requestId, rejected.error());
        } catch (RuntimeException bug) {
            LOG.log(System.Logger.Level.WARNING, "OpenAI simulator failed on " + exchange.getRequestURI().getPath(), bug);
            fail(exchange, requestId, OpenAiError.serverError());
        }
    }

    private void generate(HttpExchange exchange, String requestId) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (!keys.accepts(authorization)) {
            throw new OpenAiError.Rejected(authorization == null ? OpenAiError.missingKey() : OpenAiError.wrongKey());
        }
        Optional<JsonNode> body = Json.parse(Exchanges.readBody(exchange));
        if (body.isEmpty()) {
            throw new OpenAiError.Rejected(OpenAiError.unparsableJson());
        }
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
        ImageRequest request = ImageRequest.parse(body.get(), LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        if (request.prompt().toLowerCase(Locale.ROOT).contains(UNSAFE_MARKER)) {
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
            } else {
                ImagesResponse response = respond(request);
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

    private ImagesResponse respond(ImageRequest request) {
        List<ImageData> data = new ArrayList<>(request.n());
        for (int i = 0; i < request.n(); i++) {
            byte[] png = images.png(PlaceholderImages.colourOf(request.prompt(), i));
            data.add(new ImageData(Base64.getEncoder().encodeToString(png)));
        }
        int textTokens = ImageTokens.promptTokens(request.prompt());
        int outputTokens = request.n() * ImageTokens.outputPerImage(request.quality(), request.width(), request.height());
        Usage usage = new Usage(textTokens + outputTokens, textTokens, outputTokens, new InputTokensDetails(textTokens, 0));
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
