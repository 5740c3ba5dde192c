package io.genpipe.simulator.fal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.genpipe.simulator.account.AccountCounters;
import io.genpipe.simulator.fal.FalBodies.CancelStatus;
import io.genpipe.simulator.fal.FalBodies.Detail;
import io.genpipe.simulator.fal.FalBodies.Failure;
import io.genpipe.simulator.fal.FalBodies.File;
import io.genpipe.simulator.fal.FalBodies.Image;
import io.genpipe.simulator.fal.FalBodies.Metrics;
import io.genpipe.simulator.fal.FalBodies.QueueStatus;
import io.genpipe.simulator.fal.FalBodies.Result;
import io.genpipe.simulator.fal.FalBodies.Submitted;
import io.genpipe.simulator.fal.FalBodies.Timings;
import io.genpipe.simulator.fal.FalBodies.TrainingResult;
import io.genpipe.simulator.http.ApiKeyCheck;
import io.genpipe.simulator.http.Exchanges;
import io.genpipe.simulator.http.MalformedAnswers;
import io.genpipe.simulator.http.Json;
import io.genpipe.simulator.image.PlaceholderImages;
import io.genpipe.simulator.profile.ProfileSwitch;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * fal's queue API: {@code POST /{owner}/{app}[/path]} submits; {@code GET .../requests/{id}/status},
 * {@code GET .../requests/{id}} and {@code PUT .../requests/{id}/cancel} use {@code owner/app} only.
 */
final class FalQueueHandler implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(FalQueueHandler.class.getName());

    static final String REQUEST_TIMEOUT_HEADER = "X-Fal-Request-Timeout";
    static final String NO_RETRY_HEADER = "x-fal-no-retry";

    private final ApiKeyCheck keys;
    private final ProfileSwitch profile;
    private final FalSubmit submit;
    private final FalRequests requests;
    private final Clock clock;
    private final String fallbackOrigin;
    private final LongAdder submits = new LongAdder();
    private final LongAdder limitRefusals = new LongAdder();

    FalQueueHandler(ApiKeyCheck keys, ProfileSwitch profile, FalSubmit submit, FalRequests requests, Clock clock,
                    String fallbackOrigin) {
        this.keys = keys;
        this.profile = profile;
        this.submit = submit;
        this.requests = requests;
        this.clock = clock;
        this.fallbackOrigin = fallbackOrigin;
    }

    long submits() {
        return submits.sum();
    }

    AccountCounters counters() {
        return new AccountCounters(submits(), limitRefusals.sum(), requests.peakInProgress(clock.instant()));
    }

    void resetCounters() {
        limitRefusals.reset();
        requests.resetPeak(clock.instant());
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            route(exchange);
        } catch (RuntimeException bug) {
            LOG.log(System.Logger.Level.WARNING, "fal simulator failed on " + exchange.getRequestURI().getPath(), bug);
            send(exchange, Failure.infrastructure(500, "internal_error", "Internal server error"));
        }
    }

    private void route(HttpExchange exchange) {
        List<String> path = segments(exchange.getRequestURI().getPath());
        String method = exchange.getRequestMethod();
        if (path.size() >= 4 && path.get(2).equals("requests")) {
            routeRequest(exchange, method, path.get(0) + "/" + path.get(1), path.get(3), path.subList(4, path.size()));
        } else if (path.size() >= 2 && method.equals("POST")) {
            submits.increment();
            if (authorized(exchange)) {
                submit(exchange, String.join("/", path), path.get(0) + "/" + path.get(1));
            }
        } else if (path.size() >= 2) {
            Exchanges.sendJson(exchange, 405, new Detail("Method Not Allowed"));
        } else {
            Exchanges.sendJson(exchange, 404, new Detail("Not Found"));
        }
    }

    private void routeRequest(HttpExchange exchange, String method, String app, String id, List<String> rest) {
        String action = rest.isEmpty() ? "result" : String.join("/", rest);
        String expectedMethod = switch (action) {
            case "result", "status" -> "GET";
            case "cancel" -> "PUT";
            default -> null;
        };
        if (expectedMethod == null) {
            Exchanges.sendJson(exchange, 404, new Detail("Not Found"));
        } else if (!expectedMethod.equals(method)) {
            Exchanges.sendJson(exchange, 405, new Detail("Method Not Allowed"));
        } else if (authorized(exchange)) {
            switch (action) {
                case "status" -> status(exchange, app, id);
                case "cancel" -> cancel(exchange, app, id);
                default -> result(exchange, app, id);
            }
        }
    }

    private void submit(HttpExchange exchange, String modelId, String app) {
        byte[] body = Exchanges.readBody(exchange);
        Instant now = clock.instant();
        FalSubmit.SubmitHeaders headers = new FalSubmit.SubmitHeaders(
                exchange.getRequestHeaders().getFirst(REQUEST_TIMEOUT_HEADER),
                exchange.getRequestHeaders().getFirst(NO_RETRY_HEADER));
        FalSubmit.Decision decision = submit.decide(profile.current(), modelId, headers, Json.parse(body), now);
        if (decision instanceof FalSubmit.Decision.Refused refused) {
            send(exchange, refused.failure());
        } else if (decision instanceof FalSubmit.Decision.OverLimit overLimit) {
            limitRefusals.increment();
            send(exchange, overLimit.failure());
        } else if (decision instanceof FalSubmit.Decision.Accepted accepted) {
            requests.add(accepted.request(), now);
            String base = requestUrl(exchange, app, accepted.request().id());
            int position = requests.queuePosition(accepted.request().id(), now);
            Exchanges.sendJson(exchange, 200, new Submitted(accepted.request().id(), base, base + "/status",
                    base + "/cancel", "IN_QUEUE", position));
        }
    }

    private void status(HttpExchange exchange, String app, String id) {
        Instant now = clock.instant();
        FalRequest request = requests.find(id, app, now).orElse(null);
        if (request == null) {
            Exchanges.sendJson(exchange, 404, new Detail("Request not found"));
            return;
        }
        String base = requestUrl(exchange, app, id);
        String query = exchange.getRequestURI().getQuery();
        List<Object> logs = query != null && (query.contains("logs=1") || query.contains("logs=true"))
                ? FalLogs.of(request, now) : null;
        switch (request.phaseAt(now)) {
            case IN_QUEUE -> Exchanges.sendJson(exchange, 202, new QueueStatus("IN_QUEUE", id,
                    requests.queuePosition(id, now), base, base + "/status", base + "/cancel", logs, null));
            case IN_PROGRESS -> Exchanges.sendJson(exchange, 202,
                    new QueueStatus("IN_PROGRESS", id, null, base, base + "/status", base + "/cancel", logs, null));
            case COMPLETED -> Exchanges.sendJson(exchange, 200,
                    new QueueStatus("COMPLETED", id, null, base, base + "/status", base + "/cancel", logs,
                            request.ran() ? new Metrics(request.inferenceSeconds()) : null));
        }
    }

    private void result(HttpExchange exchange, String app, String id) {
        Instant now = clock.instant();
        FalRequest request = requests.find(id, app, now).orElse(null);
        if (request == null) {
            Exchanges.sendJson(exchange, 404, new Detail("Request not found"));
        } else if (request.phaseAt(now) != FalRequest.Phase.COMPLETED) {
            Exchanges.sendJson(exchange, 400, new Detail("Request is still in progress"));
        } else if (request.cancelled()) {
            send(exchange, Failure.infrastructure(499, "client_cancelled", "Request was cancelled by the client"));
        } else if (request.outcome() instanceof FalOutcome.Failed failed) {
            send(exchange, failed.failure());
        } else if (request.outcome() instanceof FalOutcome.Generated generated) {
            Exchanges.sendJson(exchange, 200,
                    generatedResult(Exchanges.origin(exchange, fallbackOrigin), request, generated));
        } else if (request.outcome() instanceof FalOutcome.Malformed) {
            MalformedAnswers.sendJson(exchange, Map.of());
        } else if (request.outcome() instanceof FalOutcome.Trained) {
            Exchanges.sendJson(exchange, 200, trainingResult(Exchanges.origin(exchange, fallbackOrigin), request));
        }
    }

    private void cancel(HttpExchange exchange, String app, String id) {
        FalRequests.CancelResult result = requests.cancel(id, app, clock.instant());
        int status = switch (result) {
            case CANCELLATION_REQUESTED -> 202;
            case ALREADY_COMPLETED -> 400;
            case NOT_FOUND -> 404;
        };
        Exchanges.sendJson(exchange, status, new CancelStatus(result.name()));
    }

    private static Result generatedResult(String origin, FalRequest request, FalOutcome.Generated generated) {
        List<Image> images = new ArrayList<>(generated.count());
        List<Boolean> nsfw = new ArrayList<>(generated.count());
        for (int i = 0; i < generated.count(); i++) {
            String url = origin + FalFileHandler.PATH + request.id() + "-" + i + "-"
                    + PlaceholderImages.fileName(generated.width(), generated.height(), generated.prompt(), i);
            images.add(new Image(url, generated.width(), generated.height(), "image/png"));
            // fal's safety checker runs on the output: the first image of an [unsafe-output] prompt is flagged.
            nsfw.add(i == 0 && generated.prompt().toLowerCase(Locale.ROOT).contains(FalSubmit.UNSAFE_OUTPUT_MARKER));
        }
        return new Result(images, generated.seed(), generated.prompt(), nsfw, new Timings(request.inferenceSeconds()));
    }

    /** The weights and config of a training, on the simulated CDN like its images. */
    private static TrainingResult trainingResult(String origin, FalRequest request) {
        String files = origin + FalFileHandler.PATH + request.id();
        return new TrainingResult(
                new File(files + FalFileHandler.WEIGHTS_SUFFIX, "application/octet-stream",
                        "pytorch_lora_weights.safetensors", FalFileHandler.WEIGHTS.length),
                new File(files + FalFileHandler.CONFIG_SUFFIX, "application/json", "config.json",
                        FalFileHandler.CONFIG.length));
    }

    private boolean authorized(HttpExchange exchange) {
        if (keys.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return true;
        }
        Exchanges.sendJson(exchange, 401, new Detail("Unauthorized"));
        return false;
    }

    private String requestUrl(HttpExchange exchange, String app, String id) {
        return Exchanges.origin(exchange, fallbackOrigin) + "/" + app + "/requests/" + id;
    }

    private static void send(HttpExchange exchange, Failure failure) {
        Exchanges.sendJson(exchange, failure.httpStatus(), failure.body(), failure.headers());
    }

    private static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(segment -> !segment.isEmpty()).toList();
    }
}
