package io.genpipe.simulator.leonardo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.account.AccountCounters;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Leonardo's generation API (vendor-apis.md section 2): {@code POST /api/rest/v1/generations} creates a job and
 * answers its id and credit cost at once; {@code GET /api/rest/v1/generations/{id}} shows it PENDING, then COMPLETE
 * with its images (or FAILED). Leonardo names fields in camelCase and snake_case mixed, so bodies are written as maps
 * rather than through the simulator's snake_case records.
 */
final class LeonardoHandler implements HttpHandler {

    static final String ROOT = "/api/rest/v1";
    static final String GENERATIONS = ROOT + "/generations";
    /** A prompt carrying this marker is stopped by the simulated moderation filter (400). */
    static final String UNSAFE_MARKER = "[unsafe]";
    /** A prompt carrying this marker is generated, and its images come back flagged {@code nsfw: true}. */
    static final String NSFW_OUTPUT_MARKER = "[nsfw]";

    private static final System.Logger LOG = System.getLogger(LeonardoHandler.class.getName());

    private final ApiKeyCheck keys;
    private final ProfileSwitch profile;
    private final Chance chance;
    private final Clock clock;
    private final LeonardoGenerations generations;
    private final String fallbackOrigin;
    private final LeonardoAccount account;

    LeonardoHandler(ApiKeyCheck keys, ProfileSwitch profile, Chance chance, Clock clock,
                    LeonardoGenerations generations, String fallbackOrigin, LeonardoAccount account) {
        this.keys = keys;
        this.profile = profile;
        this.chance = chance;
        this.clock = clock;
        this.generations = generations;
        this.fallbackOrigin = fallbackOrigin;
        this.account = account;
    }

    /** Creates received, generations and trainings: the calls that spend credits. */
    long creates() {
        return account.creates();
    }

    AccountCounters counters() {
        return new AccountCounters(creates(), account.limitRefusals(), generations.peak(clock.instant()));
    }

    void resetCounters() {
        account.resetRefusals();
        generations.resetPeak(clock.instant());
    }

    @Override
    public void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        try {
            if (path.equals(GENERATIONS) && method.equals("POST")) {
                account.counted();
                authorize(exchange);
                create(exchange);
            } else if (path.startsWith(GENERATIONS + "/") && method.equals("GET")
                    && path.indexOf('/', GENERATIONS.length() + 1) < 0) {
                authorize(exchange);
                show(exchange, path.substring(GENERATIONS.length() + 1));
            } else {
                LeonardoError.notFound(method, path).sendTo(exchange);
            }
        } catch (LeonardoError.Rejected rejected) {
            rejected.error().sendTo(exchange);
        } catch (RuntimeException bug) {
            LOG.log(System.Logger.Level.WARNING, "Leonardo simulator failed on " + path, bug);
            LeonardoError.internal().sendTo(exchange);
        }
    }

    private void authorize(HttpExchange exchange) {
        if (!keys.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
            throw new LeonardoError.Rejected(LeonardoError.unauthorized());
        }
    }

    private void create(HttpExchange exchange) {
        Optional<JsonNode> body = Json.parse(Exchanges.readBody(exchange));
        if (body.isEmpty()) {
            throw new LeonardoError.Rejected(LeonardoError.invalid("invalid JSON payload"));
        }
        VendorProfile current = profile.current();
        Instant now = clock.instant();
        account.admit(current, now);
        LeonardoInput input = LeonardoInput.parse(body.get());
        String prompt = input.prompt().toLowerCase(Locale.ROOT);
        if (prompt.contains(UNSAFE_MARKER)) {
            throw new LeonardoError.Rejected(LeonardoError.moderated("unsafe"));
        }
        // Leonardo caps concurrent image jobs per account (10 by default); a create over it is refused.
        if (current.concurrency() != null && generations.pending(now) >= current.concurrency()) {
            account.refusedForLimit();
            throw new LeonardoError.Rejected(LeonardoError.tooManyJobs(current.concurrency(),
                    current.retryAfterHeaders(false)));
        }
        Duration latency = chance.latency(current.latency());
        long seed = input.seed().isPresent() ? input.seed().getAsLong() : chance.seed();
        LeonardoGeneration generation = new LeonardoGeneration(UUID.randomUUID().toString(), input, seed, now,
                now.plus(latency), chance.happens(current.errorRate()), prompt.contains(NSFW_OUTPUT_MARKER),
                LeonardoGeneration.creditCost(input), chance.happens(current.malformedRate()));
        generations.add(generation, now);
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("generationId", generation.id());
        job.put("apiCreditCost", generation.apiCreditCost());
        Exchanges.sendJson(exchange, 200, Map.of("sdGenerationJob", job));
    }

    private void show(HttpExchange exchange, String id) {
        Instant now = clock.instant();
        LeonardoGeneration generation = generations.find(id, now).orElse(null);
        if (generation != null && generation.malformed()
                && generation.statusAt(now) == LeonardoGeneration.Status.COMPLETE) {
            MalformedAnswers.sendJson(exchange, Map.of());
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        // An id Leonardo does not know is not a 404: its GraphQL layer answers the lookup with null [?].
        answer.put("generations_by_pk", generation == null ? null
                : describe(Exchanges.origin(exchange, fallbackOrigin), generation, now));
        Exchanges.sendJson(exchange, 200, answer);
    }

    private static Map<String, Object> describe(String origin, LeonardoGeneration generation, Instant now) {
        LeonardoGeneration.Status status = generation.statusAt(now);
        List<Map<String, Object>> images = new ArrayList<>();
        if (status == LeonardoGeneration.Status.COMPLETE) {
            for (int i = 0; i < generation.input().numImages(); i++) {
                Map<String, Object> image = new LinkedHashMap<>();
                image.put("id", UUID.nameUUIDFromBytes((generation.id() + "#" + i).getBytes()).toString());
                image.put("url", origin + LeonardoFiles.PATH + generation.id() + "-" + i + "-" + PlaceholderImages
                        .fileName(generation.input().width(), generation.input().height(), generation.input().prompt(), i));
                image.put("nsfw", generation.nsfwOutput());
                image.put("likeCount", 0);
                images.add(image);
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", generation.id());
        json.put("status", status.name());
        json.put("modelId", generation.input().modelId());
        json.put("prompt", generation.input().prompt());
        json.put("imageWidth", generation.input().width());
        json.put("imageHeight", generation.input().height());
        json.put("seed", generation.seed());
        json.put("createdAt", generation.createdAt().toString());
        json.put("generated_images", images);
        return json;
    }
}
