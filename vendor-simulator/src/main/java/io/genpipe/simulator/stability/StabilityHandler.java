package io.genpipe.simulator.stability;

import com.sun.net.httpserver.HttpExchange;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.account.AccountCounters;
import io.genpipe.simulator.account.CallsInProgress;
import io.genpipe.simulator.account.RequestBucket;
import io.genpipe.simulator.http.GenerationsServer;
import io.genpipe.simulator.http.ApiKeyCheck;
import io.genpipe.simulator.http.Exchanges;
import io.genpipe.simulator.http.MalformedAnswers;
import io.genpipe.simulator.image.PlaceholderImages;
import io.genpipe.simulator.profile.Chance;
import io.genpipe.simulator.profile.ProfileSwitch;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code POST /v2beta/stable-image/generate/{ultra|core|sd3}}: synchronous for the client, but no thread waits here.
 * The handler decides the answer, hands the open exchange to the scheduler, and the scheduler writes it once the
 * sampled latency has passed. The answer is the image itself ({@code Accept: image/*}, the default) or JSON with the
 * image in base64 ({@code Accept: application/json}); either way the file has the aspect ratio's size.
 */
final class StabilityHandler implements GenerationsServer.Api {

    static final String PATH_PREFIX = "/v2beta/stable-image/generate/";
    /** Prompts carrying this marker are refused by the simulated moderation (403 content_moderation). */
    static final String UNSAFE_MARKER = "[unsafe]";
    /** Prompts carrying this marker generate, but the output is filtered: 200 with finish reason CONTENT_FILTERED. */
    static final String FILTERED_MARKER = "[filtered]";

    private static final System.Logger LOG = System.getLogger(StabilityHandler.class.getName());

    private final ApiKeyCheck keys;
    private final ProfileSwitch profile;
    private final Chance chance;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final PlaceholderImages images;
    private final LongAdder generations = new LongAdder();
    private final LongAdder limitRefusals = new LongAdder();
    private final RequestBucket requestsPerMinute = new RequestBucket();
    private final CallsInProgress inProgress = new CallsInProgress();

    StabilityHandler(ApiKeyCheck keys, ProfileSwitch profile, Chance chance, Clock clock,
                     ScheduledExecutorService scheduler, PlaceholderImages images) {
        this.keys = keys;
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
        return new AccountCounters(generations(), limitRefusals.sum(), inProgress.peak());
    }

    @Override
    public void resetCounters() {
        limitRefusals.reset();
        inProgress.resetPeak();
    }

    @Override
    public void handle(HttpExchange exchange) {
        String requestId = UUID.randomUUID().toString().replace("-", "");
        String path = exchange.getRequestURI().getPath();
        try {
            String endpoint = path.startsWith(PATH_PREFIX) ? path.substring(PATH_PREFIX.length()) : "";
            if (!exchange.getRequestMethod().equals("POST") || !StabilityRequest.ENDPOINTS.contains(endpoint)) {
                StabilityError.notFound(exchange.getRequestMethod(), path).sendTo(exchange, requestId);
                return;
            }
            generations.increment();
            generate(exchange, requestId, endpoint);
        } catch (StabilityError.Rejected rejected) {
            rejected.error().sendTo(exchange, requestId);
        } catch (RuntimeException bug) {
            LOG.log(System.Logger.Level.WARNING, "Stability simulator failed on " + path, bug);
            StabilityError.internal().sendTo(exchange, requestId);
        }
    }

    /** Checks in this order: key, outage, credit, requests per minute, rate limit, form, moderation, concurrency. */
    private void generate(HttpExchange exchange, String requestId, String endpoint) {
        if (!keys.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
            throw new StabilityError.Rejected(StabilityError.unauthorized());
        }
        byte[] body = Exchanges.readBody(exchange);
        VendorProfile current = profile.current();
        if (current.outage()) {
            throw new StabilityError.Rejected(StabilityError.unavailable());
        }
        if (current.creditExhausted()) {
            throw new StabilityError.Rejected(StabilityError.paymentRequired());
        }
        if (!requestsPerMinute.tryTake(current.requestsPerMinute(), clock.instant())) {
            limitRefusals.increment();
            throw new StabilityError.Rejected(StabilityError.rateLimited("more than " + current.requestsPerMinute()
                    + " requests a minute", current.retryAfterHeaders(false)));
        }
        if (chance.happens(current.rateLimitRate())) {
            throw new StabilityError.Rejected(StabilityError.rateLimited("too many requests; this client is blocked"
                    + " for a while", current.retryAfterHeaders(false)));
        }
        StabilityForm form = StabilityForm.parse(exchange.getRequestHeaders().getFirst("Content-Type"), body)
                .orElseThrow(() -> new StabilityError.Rejected(StabilityError.badRequest(
                        "the body must be multipart/form-data")));
        StabilityRequest request = StabilityRequest.parse(endpoint, form);
        String prompt = request.prompt().toLowerCase(Locale.ROOT);
        if (prompt.contains(UNSAFE_MARKER)) {
            throw new StabilityError.Rejected(StabilityError.contentModeration());
        }
        // Last of the checks, so only a call about to be held open takes a slot.
        if (!inProgress.tryOpen(current.concurrency())) {
            limitRefusals.increment();
            throw new StabilityError.Rejected(StabilityError.rateLimited("more than " + current.concurrency()
                    + " requests at once", current.retryAfterHeaders(false)));
        }
        Duration latency;
        Runnable answer;
        try {
            latency = chance.latency(current.latency());
            if (chance.happens(current.errorRate())) {
                answer = () -> StabilityError.internal().sendTo(exchange, requestId);
            } else if (chance.happens(current.malformedRate())) {
                boolean json = accepts(exchange.getRequestHeaders().getFirst("Accept"));
                answer = () -> {
                    if (json) {
                        MalformedAnswers.sendJson(exchange, Map.of("x-request-id", requestId));
                    } else {
                        MalformedAnswers.sendImage(exchange, Map.of("x-request-id", requestId));
                    }
                };
            } else {
                String finishReason = prompt.contains(FILTERED_MARKER) ? "CONTENT_FILTERED" : "SUCCESS";
                long seed = request.seed() != null ? request.seed() : chance.seed() + 1;
                boolean json = accepts(exchange.getRequestHeaders().getFirst("Accept"));
                answer = () -> respond(exchange, requestId, request, finishReason, seed, json);
            }
        } catch (RuntimeException bug) {
            inProgress.close(); // answered at once with a 500: a leaked slot would refuse every later call
            throw bug;
        }
        holdOpen(latency, answer, exchange);
    }

    /** True for JSON; anything else, {@code image/*} included, gets the bytes, as Stability's default. */
    private static boolean accepts(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/json");
    }

    /** Draws the image when the answer is due, on the scheduler, not on a handler thread. */
    private void respond(HttpExchange exchange, String requestId, StabilityRequest request, String finishReason,
                         long seed, boolean json) {
        byte[] png = images.png(PlaceholderImages.colourOf(request.prompt(), 0), request.width(), request.height());
        Map<String, String> headers = Map.of("x-request-id", requestId, "finish-reason", finishReason,
                "seed", Long.toString(seed));
        if (json) {
            Exchanges.sendJson(exchange, 200, new ImageJson(Base64.getEncoder().encodeToString(png), finishReason,
                    seed), headers);
        } else {
            // Always a PNG, whatever output_format asked for: the content type says so.
            Exchanges.send(exchange, 200, "image/png", png, headers);
        }
    }

    /** {@code {"image","finish_reason","seed"}}. */
    record ImageJson(String image, String finishReason, long seed) {
    }

    private void holdOpen(Duration delay, Runnable answer, HttpExchange exchange) {
        try {
            scheduler.schedule(() -> {
                inProgress.close();
                try {
                    answer.run();
                } catch (RuntimeException bug) {
                    LOG.log(System.Logger.Level.WARNING, "Stability simulator failed to answer", bug);
                    exchange.close();
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            inProgress.close();
            exchange.close();
        }
    }
}
