package io.genpipe.ingress.dashboard;

import io.genpipe.ingress.dashboard.SinkAllowList.SinkCall;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asks the results sink one allowed read ({@link SinkAllowList}) with the caller's own API key, so the sink decides
 * what the caller may see exactly as it does for a direct call (a tenant's records only, another tenant's a 404). The
 * sink's JSON answer, problems included, is passed on as it is; no answer is a 503 problem saying the sink is
 * unreachable, and an answer that is not JSON, or the sink refusing a key this ingress accepted, a 502. Nothing waits
 * on a thread meanwhile.
 *
 * <p>Meter {@code genpipe.ingress.dashboard.requests} (a timer), tags {@code source} (the read, or {@code none}) and
 * {@code outcome}: {@code ok}, {@code client_error}, {@code server_error} (as the sink answered), {@code key_refused},
 * {@code unreachable}, {@code bad_answer}, {@code refused} (not on the list; never sent).
 */
@Component
class SinkForwarder {

    static final String METER = "genpipe.ingress.dashboard.requests";
    private static final Logger log = LoggerFactory.getLogger(SinkForwarder.class);

    private final DashboardSettings settings;
    private final MeterRegistry meters;
    private final HttpClient http;
    /** So that a sink away for an hour is one warning, not one per poll of every open dashboard. */
    private final AtomicBoolean unreachable = new AtomicBoolean();

    SinkForwarder(DashboardSettings settings, MeterRegistry meters) {
        this.settings = settings;
        this.meters = meters;
        // Never follow a redirect: the caller's key goes to the configured sink and nowhere else.
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * @param key      the caller's key, sent on in the header it came in
     * @param instance the request's path, for a problem's {@code instance}
     */
    CompletableFuture<ResponseEntity<Object>> forward(SinkCall call, PresentedKey key, String instance) {
        Timer.Sample sample = Timer.start(meters);
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.sinkUrl() + call.pathAndQuery()))
                .timeout(settings.timeout())
                .header(key.header(), key.value())
                .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE + ", "
                        + MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                .GET().build();
        CompletableFuture<HttpResponse<String>> answer;
        try {
            answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.handle((response, error) -> {
            if (error != null) {
                sample.stop(timer(call.source(), "unreachable"));
                return unreachable(cause(error), instance);
            }
            reachable();
            Optional<MediaType> type = response.headers().firstValue(HttpHeaders.CONTENT_TYPE).flatMap(SinkForwarder::json);
            if (type.isEmpty()) {
                sample.stop(timer(call.source(), "bad_answer"));
                return problem(HttpStatus.BAD_GATEWAY, "sink-bad-answer", "Results sink answered unexpectedly",
                        "The results sink answered " + response.statusCode() + " without JSON", instance);
            }
            if (response.statusCode() == HttpStatus.UNAUTHORIZED.value()) {
                // This ingress accepted the key: the sink's keys differ from it. Not the caller's mistake, and not a
                // 401 that would make the page drop a key that is good here.
                sample.stop(timer(call.source(), "key_refused"));
                return problem(HttpStatus.BAD_GATEWAY, "sink-refused-key", "Results sink refused the key",
                        "The results sink does not accept this key, which the ingress accepts: the two services must be"
                                + " given the same keys", instance);
            }
            sample.stop(timer(call.source(), outcome(response.statusCode())));
            return ResponseEntity.status(response.statusCode()).contentType(type.get())
                    .cacheControl(CacheControl.noStore()).body(response.body());
        });
    }

    /** A read refused before anything was sent: counted with the others. */
    void refused() {
        meters.timer(METER, "source", "none", "outcome", "refused").record(Duration.ZERO);
    }

    private ResponseEntity<Object> unreachable(Throwable cause, String instance) {
        if (unreachable.compareAndSet(false, true)) {
            log.warn("the results sink at {} is unreachable for the dashboard: {}", settings.sinkUrl(), cause.toString());
        }
        // The sink's address is the operator's business: logged above, not shown to every caller.
        String why = cause instanceof HttpTimeoutException ? "no answer within " + settings.timeout().toMillis() + " ms"
                : cause instanceof ConnectException ? "connection refused" : cause.getClass().getSimpleName();
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "sink-unreachable", "Results sink unreachable",
                "The results sink is unreachable (" + why + "); its figures are unknown until it answers", instance);
    }

    private void reachable() {
        if (unreachable.compareAndSet(true, false)) {
            log.info("the results sink at {} answers the dashboard again", settings.sinkUrl());
        }
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String type, String title, String detail,
                                                  String instance) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://genpipe.io/problems/" + type));
        problem.setTitle(title);
        problem.setInstance(URI.create(instance));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .cacheControl(CacheControl.noStore()).body(problem);
    }

    private Timer timer(String source, String outcome) {
        return meters.timer(METER, "source", source, "outcome", outcome);
    }

    private static String outcome(int status) {
        if (status < 400) {
            return "ok";
        }
        return status < 500 ? "client_error" : "server_error";
    }

    /** JSON or problem+json only: the page reads nothing else, and the ingress passes nothing else on. */
    private static Optional<MediaType> json(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isCompatibleWith(MediaType.APPLICATION_JSON)
                    || type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON) ? Optional.of(type) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
