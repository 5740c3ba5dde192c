package io.genpipe.simulator.huggingface;

import com.sun.net.httpserver.HttpExchange;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.account.AccountCounters;
import io.genpipe.simulator.account.CallsInProgress;
import io.genpipe.simulator.account.RequestBucket;
import io.genpipe.simulator.http.GenerationsServer;
import io.genpipe.simulator.http.ApiKeyCheck;
import io.genpipe.simulator.http.Exchanges;
import io.genpipe.simulator.http.MalformedAnswers;
import io.genpipe.simulator.http.Json;
import io.genpipe.simulator.image.PlaceholderImages;
import io.genpipe.simulator.profile.Chance;
import io.genpipe.simulator.profile.ProfileSwitch;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code POST /hf-inference/models/{owner}/{name}}: JSON in, the image's raw bytes out, no envelope. Synchronous for
 * the client; the open exchange is answered from the scheduler once the sampled latency has passed, so no thread
 * waits.
 */
final class HuggingFaceHandler implements GenerationsServer.Api {

    static final String PATH_PREFIX = "/hf-inference/models/";
    /**
     * The models the simulated hf-inference serves; any other gets 404. The real list changes with Hugging Face's
     * deployments [?]; these are text-to-image models it has served.
     */
    static final Set<String> SERVED = Set.of("black-forest-labs/FLUX.1-schnell", "black-forest-labs/FLUX.1-dev",
            "stabilityai/stable-diffusion-xl-base-1.0", "stabilityai/stable-diffusion-3.5-large");

    private static final System.Logger LOG = System.getLogger(HuggingFaceHandler.class.getName());

    private final ApiKeyCheck keys;
    private final ProfileSwitch profile;
    private final Chance chance;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final PlaceholderImages images;
    private final ModelLoading loading;
    private final LongAdder generations = new LongAdder();
    private final LongAdder limitRefusals = new LongAdder();
    private final RequestBucket requestsPerMinute = new RequestBucket();
    private final CallsInProgress inProgress = new CallsInProgress();

    HuggingFaceHandler(ApiKeyCheck keys, ProfileSwitch profile, Chance chance, Clock clock,
                       ScheduledExecutorService scheduler, PlaceholderImages images) {
        this.keys = keys;
        this.profile = profile;
        this.chance = chance;
        this.clock = clock;
        this.scheduler = scheduler;
        this.images = images;
        this.loading = new ModelLoading(clock);
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
        String path = exchange.getRequestURI().getPath();
        try {
            String model = path.startsWith(PATH_PREFIX) ? path.substring(PATH_PREFIX.length()) : "";
            if (!exchange.getRequestMethod().equals("POST") || !model.matches("[^/]+/[^/]+")) {
                HuggingFaceError.noSuchPath(exchange.getRequestMethod(), path).sendTo(exchange);
                return;
            }
            generations.increment();
            generate(exchange, model);
        } catch (HuggingFaceError.Rejected rejected) {
            rejected.error().sendTo(exchange);
        } catch (RuntimeException bug) {
            LOG.log(System.Logger.Level.WARNING, "Hugging Face simulator failed on " + path, bug);
            HuggingFaceError.internal().sendTo(exchange);
        }
    }

    /**
     * Checks in this order: key, outage, credit, requests per minute, rate limit, model, JSON, loading, concurrency,
     * error rate.
     */
    private void generate(HttpExchange exchange, String model) {
        if (!keys.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
            throw new HuggingFaceError.Rejected(HuggingFaceError.unauthorized());
        }
        byte[] body = Exchanges.readBody(exchange);
        VendorProfile current = profile.current();
        if (current.outage()) {
            throw new HuggingFaceError.Rejected(HuggingFaceError.unavailable());
        }
        if (current.creditExhausted()) {
            throw new HuggingFaceError.Rejected(HuggingFaceError.creditsExhausted());
        }
        if (!requestsPerMinute.tryTake(current.requestsPerMinute(), clock.instant())) {
            limitRefusals.increment();
            throw new HuggingFaceError.Rejected(HuggingFaceError.rateLimited(current.retryAfterHeaders(false)));
        }
        if (chance.happens(current.rateLimitRate())) {
            throw new HuggingFaceError.Rejected(HuggingFaceError.rateLimited(current.retryAfterHeaders(false)));
        }
        if (!SERVED.contains(model)) {
            throw new HuggingFaceError.Rejected(HuggingFaceError.notServed(model));
        }
        JsonNode json = Json.parse(body).filter(JsonNode::isObject).orElseThrow(() ->
                new HuggingFaceError.Rejected(HuggingFaceError.badRequest("the body must be a JSON object")));
        HuggingFaceRequest request = HuggingFaceRequest.parse(json);
        Optional<Duration> stillLoading = loading.remaining(model, request.prompt());
        if (stillLoading.isPresent()) {
            throw new HuggingFaceError.Rejected(HuggingFaceError.loading(model,
                    stillLoading.get().toMillis() / 1000.0));
        }
        // Last of the checks, so only a call about to be held open takes a slot.
        if (!inProgress.tryOpen(current.concurrency())) {
            limitRefusals.increment();
            throw new HuggingFaceError.Rejected(HuggingFaceError.rateLimited(current.retryAfterHeaders(false)));
        }
        Duration latency;
        Runnable answer;
        try {
            latency = chance.latency(current.latency());
            if (chance.happens(current.errorRate())) {
                answer = () -> HuggingFaceError.internal().sendTo(exchange);
            } else if (chance.happens(current.malformedRate())) {
                answer = () -> MalformedAnswers.sendImage(exchange, Map.of());
            } else {
                String requestId = UUID.randomUUID().toString();
                answer = () -> Exchanges.send(exchange, 200, "image/png",
                        images.png(PlaceholderImages.colourOf(request.prompt(), 0), request.width(), request.height()),
                        Map.of("x-request-id", requestId));
            }
        } catch (RuntimeException bug) {
            inProgress.close(); // answered at once with a 500: a leaked slot would refuse every later call
            throw bug;
        }
        holdOpen(latency, answer, exchange);
    }

    private void holdOpen(Duration delay, Runnable answer, HttpExchange exchange) {
        try {
            scheduler.schedule(() -> {
                inProgress.close();
                try {
                    answer.run();
                } catch (RuntimeException bug) {
                    LOG.log(System.Logger.Level.WARNING, "Hugging Face simulator failed to answer", bug);
                    exchange.close();
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            inProgress.close();
            exchange.close();
        }
    }
}
