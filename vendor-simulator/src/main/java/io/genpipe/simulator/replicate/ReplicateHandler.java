package io.genpipe.simulator.replicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.genpipe.simulator.account.AccountCounters;
import io.genpipe.simulator.http.ApiKeyCheck;
import io.genpipe.simulator.http.Exchanges;
import io.genpipe.simulator.http.MalformedAnswers;
import io.genpipe.simulator.http.Json;
import io.genpipe.simulator.image.PlaceholderImages;
import io.genpipe.simulator.profile.Chance;
import io.genpipe.simulator.profile.ProfileSwitch;
import io.genpipe.simulator.replicate.ReplicateBodies.Failure;
import io.genpipe.simulator.replicate.ReplicateBodies.Metrics;
import io.genpipe.simulator.replicate.ReplicateBodies.PredictionBody;
import io.genpipe.simulator.replicate.ReplicateBodies.Problem;
import io.genpipe.simulator.replicate.ReplicateBodies.Urls;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replicate's predictions API under {@code /v1} (vendor-apis.md section 5): create by model
 * ({@code POST /models/{owner}/{name}/predictions}) or by version ({@code POST /predictions}), read
 * ({@code GET /predictions/{id}}), cancel ({@code POST /predictions/{id}/cancel}). A create with {@code Prefer: wait}
 * is held open, on the scheduler and not on a thread, until the prediction ends or the wait is over, and then answers
 * the state it is in. Trainings and files ({@link ReplicateTrainings}) are served under the same root, key and profile.
 */
final class ReplicateHandler implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(ReplicateHandler.class.getName());
    /** {@code wait} or {@code wait=n}, n from 1 to 60 seconds, as the spec's header pattern says. */
    private static final Pattern PREFER = Pattern.compile("wait(?:=([1-9]|[1-9][0-9]))?");
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(60);
    /** A version id, optionally after {@code owner/name:}. */
    private static final Pattern VERSION = Pattern.compile("(?:([\\w.-]+/[\\w.-]+):)?([0-9a-f]{64})");
    private static final Pattern MODEL = Pattern.compile("[\\w.-]+/[\\w.-]+");
    private static final Duration RETENTION = Duration.ofHours(1);

    private final ApiKeyCheck keys;
    private final ProfileSwitch profile;
    private final ReplicateCreate create;
    private final Predictions predictions;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final String fallbackOrigin;
    private final ReplicateTrainings trainings;
    private final LongAdder creates = new LongAdder();
    private final LongAdder limitRefusals = new LongAdder();

    ReplicateHandler(ApiKeyCheck keys, ProfileSwitch profile, ReplicateCreate create, Predictions predictions,
                     Clock clock, ScheduledExecutorService scheduler, String fallbackOrigin, Chance chance) {
        this.trainings = new ReplicateTrainings(profile, create, chance, clock,
                () -> predictions.unfinishedAt(clock.instant()), limitRefusals);
        this.keys = keys;
        this.profile = profile;
        this.create = create;
        this.predictions = predictions;
        this.clock = clock;
        this.scheduler = scheduler;
        this.fallbackOrigin = fallbackOrigin;
    }

    long creates() {
        return creates.sum();
    }

    AccountCounters counters() {
        return new AccountCounters(creates(), limitRefusals.sum(), predictions.peak(clock.instant()));
    }

    void resetCounters() {
        limitRefusals.reset();
        predictions.resetPeak(clock.instant());
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            route(exchange);
        } catch (RuntimeException bug) {
            LOG.log(System.Logger.Level.WARNING, "Replicate simulator failed on " + exchange.getRequestURI().getPath(),
                    bug);
            send(exchange, new Problem("Internal server error", "Something went wrong on our side.", 500));
        }
    }

    private void route(HttpExchange exchange) {
        List<String> path = Arrays.stream(exchange.getRequestURI().getPath().split("/"))
                .filter(segment -> !segment.isEmpty()).toList();
        String method = exchange.getRequestMethod();
        if (path.isEmpty() || !path.get(0).equals("v1")) {
            notFound(exchange);
            return;
        }
        List<String> rest = path.subList(1, path.size());
        boolean byModel = rest.size() == 4 && rest.get(0).equals("models") && rest.get(3).equals("predictions");
        boolean byVersion = rest.size() == 1 && rest.get(0).equals("predictions");
        boolean read = rest.size() == 2 && rest.get(0).equals("predictions");
        boolean cancel = rest.size() == 3 && rest.get(0).equals("predictions") && rest.get(2).equals("cancel");
        if (!byModel && !byVersion && !read && !cancel) {
            routeTrainingsAndFiles(exchange, rest, method);
            return;
        }
        String expected = read ? "GET" : "POST";
        if (!expected.equals(method)) {
            send(exchange, new Problem("Method not allowed", "Use " + expected + " here.", 405));
            return;
        }
        if (byModel || byVersion) {
            creates.increment();
        }
        if (!keys.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, new Problem("Unauthenticated", "A valid API token is needed: Authorization: Bearer <token>.",
                    401));
            return;
        }
        if (byModel) {
            create(exchange, rest.get(1) + "/" + rest.get(2), "hidden", Json.parse(Exchanges.readBody(exchange)));
        } else if (byVersion) {
            createByVersion(exchange);
        } else if (read) {
            read(exchange, rest.get(1));
        } else {
            cancel(exchange, rest.get(1));
        }
    }

    /**
     * {@code POST /models/{owner}/{name}/versions/{version}/trainings}, {@code GET /trainings/{id}},
     * {@code POST /trainings/{id}/cancel}, {@code POST /files} and {@code GET /files/{id}}. A training create counts
     * as a create, like a prediction's.
     */
    private void routeTrainingsAndFiles(HttpExchange exchange, List<String> rest, String method) {
        boolean train = rest.size() == 6 && rest.get(0).equals("models") && rest.get(3).equals("versions")
                && rest.get(5).equals("trainings");
        boolean readTraining = rest.size() == 2 && rest.get(0).equals("trainings");
        boolean cancelTraining = rest.size() == 3 && rest.get(0).equals("trainings") && rest.get(2).equals("cancel");
        boolean upload = rest.size() == 1 && rest.get(0).equals("files");
        boolean readFile = rest.size() == 2 && rest.get(0).equals("files");
        if (!train && !readTraining && !cancelTraining && !upload && !readFile) {
            notFound(exchange);
            return;
        }
        String expected = readTraining || readFile ? "GET" : "POST";
        if (!expected.equals(method)) {
            send(exchange, new Problem("Method not allowed", "Use " + expected + " here.", 405));
            return;
        }
        if (train) {
            creates.increment();
        }
        if (!keys.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, new Problem("Unauthenticated", "A valid API token is needed: Authorization: Bearer <token>.",
                    401));
            return;
        }
        String origin = Exchanges.origin(exchange, fallbackOrigin);
        if (train) {
            trainings.create(exchange, rest.get(1), rest.get(2), rest.get(4), origin);
        } else if (readTraining) {
            trainings.read(exchange, rest.get(1), origin);
        } else if (cancelTraining) {
            trainings.cancel(exchange, rest.get(1), origin);
        } else if (upload) {
            trainings.upload(exchange, origin);
        } else {
            trainings.file(exchange, rest.get(1), origin);
        }
    }

    private void createByVersion(HttpExchange exchange) {
        Optional<JsonNode> body = Json.parse(Exchanges.readBody(exchange));
        String version = body.map(json -> json.path("version").asString("")).orElse("");
        Matcher versioned = VERSION.matcher(version);
        if (versioned.matches()) {
            String model = versioned.group(1) == null ? "simulated/model" : versioned.group(1);
            create(exchange, model, versioned.group(2), body);
        } else if (MODEL.matcher(version).matches()) {
            create(exchange, version, "hidden", body); // an official model named in the version field
        } else {
            send(exchange, new Problem("Invalid version or not permitted",
                    "The version must be a 64-character id, owner/name:id, or an official model's owner/name.", 422));
        }
    }

    private void create(HttpExchange exchange, String model, String version, Optional<JsonNode> body) {
        Optional<Duration> wait = preferredWait(exchange.getRequestHeaders().getFirst("Prefer"));
        if (wait == null) {
            send(exchange, new Problem("Invalid Prefer header", "Prefer must be wait or wait=n, n from 1 to 60.", 400));
            return;
        }
        Instant now = clock.instant();
        ReplicateCreate.Decision decision = create.decide(profile.current(), model, version, body, now,
                predictions.unfinishedAt(now));
        if (decision instanceof ReplicateCreate.Decision.Refused refused) {
            send(exchange, refused.failure());
        } else if (decision instanceof ReplicateCreate.Decision.OverLimit overLimit) {
            limitRefusals.increment();
            send(exchange, overLimit.failure());
        } else if (decision instanceof ReplicateCreate.Decision.Created created) {
            Prediction prediction = created.prediction();
            predictions.add(prediction, now);
            String origin = Exchanges.origin(exchange, fallbackOrigin);
            if (wait.isEmpty()) {
                answer(exchange, 201, prediction, now, origin);
            } else {
                holdUntilDone(exchange, prediction, now, wait.get(), origin);
            }
        }
    }

    /**
     * Answers when the prediction ends or the wait is over, whichever comes first: 201 with the output when it ended,
     * 202 with the state it is in when not (vendor-apis.md section 5).
     */
    private void holdUntilDone(HttpExchange exchange, Prediction prediction, Instant now, Duration wait, String origin) {
        Duration untilDone = Duration.between(now, prediction.endsAt());
        Duration hold = untilDone.compareTo(wait) < 0 ? untilDone : wait;
        try {
            scheduler.schedule(() -> {
                Instant then = clock.instant();
                Prediction current = predictions.find(prediction.id()).orElse(prediction);
                boolean ended = current.statusAt(then).terminal();
                answer(exchange, ended ? 201 : 202, current, then, origin);
            }, Math.max(0, hold.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            exchange.close();
        }
    }

    private void read(HttpExchange exchange, String id) {
        Optional<Prediction> prediction = predictions.find(id);
        if (prediction.isEmpty()) {
            notFound(exchange);
        } else {
            answer(exchange, 200, prediction.get(), clock.instant(), Exchanges.origin(exchange, fallbackOrigin));
        }
    }

    private void cancel(HttpExchange exchange, String id) {
        Instant now = clock.instant();
        Optional<Prediction> canceled = predictions.cancel(id, now);
        if (canceled.isEmpty()) {
            notFound(exchange);
        } else {
            Exchanges.sendJson(exchange, 200, body(canceled.get(), now, Exchanges.origin(exchange, fallbackOrigin)));
        }
    }

    /** Empty for no {@code Prefer} header, null for one that is not valid. */
    static Optional<Duration> preferredWait(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Matcher prefer = PREFER.matcher(header.strip());
        if (!prefer.matches()) {
            return null;
        }
        if (prefer.group(1) == null) {
            return Optional.of(LONGEST_WAIT);
        }
        // The spec's pattern lets 61-99 through; its text says at most 60, which is what is kept here.
        Duration wait = Duration.ofSeconds(Integer.parseInt(prefer.group(1)));
        return wait.compareTo(LONGEST_WAIT) > 0 ? null : Optional.of(wait);
    }

    /** The prediction's JSON, or once a malformed one has succeeded, a body that is not Replicate's shape. */
    private static void answer(HttpExchange exchange, int status, Prediction prediction, Instant now, String origin) {
        if (prediction.outcome() instanceof ReplicateOutcome.Malformed
                && prediction.statusAt(now) == Prediction.Status.SUCCEEDED) {
            MalformedAnswers.sendJson(exchange, Map.of());
        } else {
            Exchanges.sendJson(exchange, status, body(prediction, now, origin));
        }
    }

    /** The prediction as it stands at {@code now}; an hour after it ended its input and output are gone. */
    private static PredictionBody body(Prediction prediction, Instant now, String origin) {
        Prediction.Status status = prediction.statusAt(now);
        boolean removed = status.terminal() && !now.isBefore(prediction.completedAt().plus(RETENTION));
        Object output = null;
        if (status == Prediction.Status.SUCCEEDED && !removed
                && prediction.outcome() instanceof ReplicateOutcome.Generated generated) {
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < generated.count(); i++) {
                urls.add(origin + ReplicateServer.DELIVERY_PATH + prediction.id() + "/out-" + i + "-"
                        + PlaceholderImages.fileName(generated.width(), generated.height(), generated.prompt(), i));
            }
            output = urls;
        }
        String error = status == Prediction.Status.FAILED
                && prediction.outcome() instanceof ReplicateOutcome.Failed failed ? failed.error() : null;
        Metrics metrics = status.terminal() ? new Metrics(prediction.predictSeconds(),
                Duration.between(prediction.createdAt(), prediction.completedAt()).toNanos() / 1e9) : null;
        String self = origin + "/v1/predictions/" + prediction.id();
        boolean started = !now.isBefore(prediction.startsAt()) || prediction.canceledAt() != null;
        return new PredictionBody(prediction.id(), prediction.model(), prediction.version(),
                removed ? Map.of() : prediction.input(), output, error, "", status.wire(),
                prediction.createdAt().toString(), started ? prediction.startsAt().toString() : null,
                status.terminal() ? prediction.completedAt().toString() : null, removed, "api", metrics,
                new Urls(self, self + "/cancel", "https://replicate.com/p/" + prediction.id()));
    }

    private static void notFound(HttpExchange exchange) {
        send(exchange, new Problem("Not found", "The requested resource could not be found.", 404));
    }

    private static void send(HttpExchange exchange, Problem problem) {
        Exchanges.sendJson(exchange, problem.status(), problem);
    }

    private static void send(HttpExchange exchange, Failure failure) {
        Exchanges.sendJson(exchange, failure.status(), failure.problem(), failure.headers());
    }
}
