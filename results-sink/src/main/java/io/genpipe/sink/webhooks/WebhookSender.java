package io.genpipe.sink.webhooks;

import io.genpipe.contracts.webhook.CallbackPolicy;
import io.genpipe.contracts.webhook.CallbackUrl;
import io.genpipe.contracts.webhook.WebhookSignature;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Makes one attempt at a delivery: checks the URL against the policy again (the host may resolve elsewhere than when
 * the job was accepted: DNS rebinding), signs the body with the attempt's time, and POSTs it. Redirects are never
 * followed: a receiver could otherwise send genpipe on to an address the check refused. The answer's body is not
 * read; it is not shown anywhere, and a receiver cannot make the sink hold it.
 */
class WebhookSender {

    static final String USER_AGENT = "genpipe-webhooks/1";

    private final HttpClient http;
    private final WebhookSettings settings;
    private final CallbackPolicy.Resolver resolver;

    WebhookSender(WebhookSettings settings, CallbackPolicy.Resolver resolver) {
        this.settings = settings;
        this.resolver = resolver;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                // HTTP/1.1: no cleartext upgrade attempt to h2c, which some receivers answer badly.
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Checks the URL on the caller's thread (it resolves the host), then sends without blocking it. */
    CompletableFuture<Attempted> attempt(Delivery delivery, Instant now) {
        URI url = CallbackUrl.require(delivery.callbackUrl(), "callbackUrl");
        Optional<String> refusal = settings.policy().refusal(url, resolver);
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(new Attempted.Refused(refusal.get()));
        }
        byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(settings.readTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header(WebhookSignature.HEADER, WebhookSignature.header(settings.secret(), now.getEpochSecond(), body))
                .header(WebhookSignature.DELIVERY_HEADER, delivery.deliveryId().toString())
                .header(WebhookSignature.EVENT_HEADER, delivery.eventId())
                .header(WebhookSignature.ATTEMPT_HEADER, Integer.toString(delivery.attempt()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        delivery.traceparent().ifPresent(context -> request.header("traceparent", context));
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                .<Attempted>thenApply(response -> answered(response.statusCode()))
                .exceptionally(failure -> new Attempted.Failed(null, unreachable(failure, url.getHost())));
    }

    private static Attempted answered(int status) {
        if (status >= 200 && status < 300) {
            return new Attempted.Delivered(status);
        }
        if (status >= 300 && status < 400) {
            return new Attempted.Failed(status, "HTTP " + status + " (redirects are not followed)");
        }
        return new Attempted.Failed(status, "HTTP " + status);
    }

    /** The JDK's words for it, which name no URL; the host at most. */
    private String unreachable(Throwable failure, String host) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (cause instanceof HttpConnectTimeoutException) {
            return "could not connect to " + host + " within " + settings.connectTimeout().toMillis() + " ms";
        }
        if (cause instanceof HttpTimeoutException) {
            return "no answer from " + host + " within " + settings.readTimeout().toMillis() + " ms";
        }
        if (cause instanceof ConnectException) {
            return "could not connect to " + host + " (connection refused or unreachable)";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
                + " (" + host + ")";
    }
}
