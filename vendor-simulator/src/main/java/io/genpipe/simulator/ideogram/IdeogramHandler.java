package io.genpipe.simulator.ideogram;

import com.sun.net.httpserver.HttpExchange;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.account.AccountCounters;
import io.genpipe.simulator.account.CallsInProgress;
import io.genpipe.simulator.account.RequestBucket;
import io.genpipe.simulator.http.GenerationsServer;
import io.genpipe.simulator.http.Exchanges;
import io.genpipe.simulator.http.MalformedAnswers;
import io.genpipe.simulator.profile.Chance;
import io.genpipe.simulator.profile.ProfileSwitch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

/**
 * {@code POST /v1/ideogram-v3/generate} (vendor-apis.md section 6): synchronous for the client, multipart/form-data
 * in, JSON out. As for OpenAI, no thread waits here: the answer is decided at once and written by the scheduler when
 * the sampled latency has passed.
 */
final class IdeogramHandler implements GenerationsServer.Api {

    static final String PATH = "/v1/ideogram-v3/generate";
    static final String KEY_HEADER = "Api-Key";
    /** A prompt carrying this marker fails Ideogram's input safety check (422). */
    static final String UNSAFE_MARKER = "[unsafe]";
    /**
     * A prompt carrying this marker is generated, but its first image fails the output check: {@code is_image_safe}
     * false and no {@code url}, as observed. With one image asked for, nothing usable comes back.
     */
    static final String UNSAFE_OUTPUT_MARKER = "[unsafe-output]";

    private static final System.Logger LOG = System.getLogger(IdeogramHandler.class.getName());

    private final byte[] expectedKey;
    private final ProfileSwitch profile;
    private final Chance chance;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final String fallbackOrigin;
    private final LongAdder generations = new LongAdder();
    private final LongAdder limitRefusals = new LongAdder();
    private final RequestBucket requestsPerMinute = new RequestBucket();
    private final CallsInProgress inFlight = new CallsInProgress();

    IdeogramHandler(String expectedKey, ProfileSwitch profile, Chance chance, Clock clock,
                    ScheduledExecutorService scheduler, String fallbackOrigin) {
        this.expectedKey = expectedKey == null ? null : expectedKey.getBytes(StandardCharsets.UTF_8);
        this.profile = profile;
        this.chance = chance;
        this.clock = clock;
        this.scheduler = scheduler;
        this.fallbackOrigin = fallbackOrigin;
    }

    @Override
    public long generations() {
        return generations.sum();
    }

    @Override
    public AccountCounters counters() {
        return new AccountCounters(generations(), limitRefusals.sum(), inFlight.peak());
    }

    @Override
    public void resetCounters() {
        limitRefusals.reset();
        inFlight.resetPeak();
    }

    @Override
    public void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        try {
            if (!path.equals(PATH) || !method.equals("POST")) {
                IdeogramError.notFound(method, path).sendTo(exchange);
                return;
            }
            generations.increment();
            generate(exchange);
        } catch (IdeogramError.Rejected rejected) {
            rejected.error().sendTo(exchange);
        } catch (RuntimeException bug) {
            LOG.log(System.Logger.Level.WARNING, "Ideogram simulator failed on " + path, bug);
            IdeogramError.internal().sendTo(exchange);
        }
    }

    private void generate(HttpExchange exchange) {
        // Ideogram reads its own header only; a Bearer token is refused like no key [obs].
        if (!accepts(exchange.getRequestHeaders().getFirst(KEY_HEADER))) {
            throw new IdeogramError.Rejected(IdeogramError.unauthorized());
        }
        byte[] body = Exchanges.readBody(exchange);
        Map<String, String> form = MultipartForm.parse(exchange.getRequestHeaders().getFirst("Content-Type"), body)
                .orElseThrow(() -> new IdeogramError.Rejected(
                        IdeogramError.invalid("the body must be multipart/form-data")));
        VendorProfile current = profile.current();
        if (current.outage()) {
            throw new IdeogramError.Rejected(IdeogramError.unavailable());
        }
        if (current.creditExhausted()) {
            throw new IdeogramError.Rejected(IdeogramError.insufficientCredits());
        }
        if (!requestsPerMinute.tryTake(current.requestsPerMinute(), clock.instant())) {
            limitRefusals.increment();
            throw new IdeogramError.Rejected(IdeogramError.tooManyRequests(current.retryAfterHeaders(false)));
        }
        if (chance.happens(current.rateLimitRate())) {
            throw new IdeogramError.Rejected(IdeogramError.tooManyRequests(current.retryAfterHeaders(false)));
        }
        IdeogramInput input = IdeogramInput.parse(form);
        if (input.prompt().toLowerCase(Locale.ROOT).contains(UNSAFE_MARKER)) {
            throw new IdeogramError.Rejected(IdeogramError.unsafe());
        }
        // Last of the checks, so only a call about to be held open takes an in-flight slot.
        if (!inFlight.tryOpen(current.concurrency())) {
            limitRefusals.increment();
            throw new IdeogramError.Rejected(IdeogramError.tooManyRequests(current.retryAfterHeaders(false)));
        }
        Duration latency;
        Runnable answer;
        try {
            latency = chance.latency(current.latency());
            if (chance.happens(current.errorRate())) {
                answer = () -> IdeogramError.internal().sendTo(exchange);
            } else if (chance.happens(current.malformedRate())) {
                answer = () -> MalformedAnswers.sendJson(exchange, Map.of());
            } else {
                Map<String, Object> response = respond(Exchanges.origin(exchange, fallbackOrigin), input);
                answer = () -> Exchanges.sendJson(exchange, 200, response);
            }
        } catch (RuntimeException bug) {
            inFlight.close();
            throw bug;
        }
        holdOpen(latency, answer, exchange);
    }

    private Map<String, Object> respond(String origin, IdeogramInput input) {
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString().replace("-", "");
        boolean unsafeFirst = input.prompt().toLowerCase(Locale.ROOT).contains(UNSAFE_OUTPUT_MARKER);
        List<Map<String, Object>> data = new ArrayList<>();
        for (int i = 0; i < input.numImages(); i++) {
            Map<String, Object> image = new LinkedHashMap<>();
            boolean safe = !(unsafeFirst && i == 0);
            if (safe) {
                image.put("url", origin + IdeogramFiles.name(now.plus(IdeogramFiles.LIFETIME), id, i, input.prompt(),
                        input.width(), input.height()));
            }
            image.put("prompt", input.prompt());
            image.put("resolution", input.width() + "x" + input.height());
            image.put("seed", input.seed().isPresent() ? input.seed().getAsLong() + i : chance.seed());
            image.put("style_type", input.styleType());
            image.put("is_image_safe", safe);
            data.add(image);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("created", now.toString());
        response.put("data", data);
        return response;
    }

    private void holdOpen(Duration delay, Runnable answer, HttpExchange exchange) {
        try {
            scheduler.schedule(() -> {
                inFlight.close(); // before the answer, so a client's next call never finds this one still counted
                answer.run();
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            inFlight.close();
            exchange.close();
        }
    }

    private boolean accepts(String key) {
        if (key == null || key.isBlank()) {
            return false;
        }
        return expectedKey == null || MessageDigest.isEqual(expectedKey, key.strip().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "IdeogramHandler[" + (expectedKey == null ? "any key" : "one key") + "]";
    }
}
