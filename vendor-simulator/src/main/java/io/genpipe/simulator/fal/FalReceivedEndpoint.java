package io.genpipe.simulator.fal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.genpipe.simulator.fal.FalBodies.Detail;
import io.genpipe.simulator.fal.FalBodies.Received;
import io.genpipe.simulator.http.Exchanges;

import java.time.Clock;
import java.time.Instant;

/**
 * {@code GET /__simulator/requests/{id}}: what the simulator recorded of one submit, so a test in another module (or
 * process) can see what a client sent besides the input: the model id, {@code x-fal-no-retry} and
 * {@code X-Fal-Request-Timeout}. Not part of fal's API; no key, like the other {@code /__simulator} endpoints.
 */
final class FalReceivedEndpoint implements HttpHandler {

    static final String PATH = "/__simulator/requests/";

    private final FalRequests requests;
    private final Clock clock;

    FalReceivedEndpoint(FalRequests requests, Clock clock) {
        this.requests = requests;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String id = exchange.getRequestURI().getPath().substring(PATH.length());
        Instant now = clock.instant();
        FalRequest request = requests.find(id, now).orElse(null);
        if (!exchange.getRequestMethod().equals("GET")) {
            Exchanges.sendJson(exchange, 405, new Detail("Method Not Allowed"));
        } else if (request == null) {
            Exchanges.sendJson(exchange, 404, new Detail("Request not found"));
        } else {
            FalRequest.Received received = request.received();
            Double timeout = received.requestTimeout() == null ? null : received.requestTimeout().toNanos() / 1e9;
            Exchanges.sendJson(exchange, 200, new Received(request.id(), received.modelId(),
                    request.phaseAt(now).name(), received.noRetry(), timeout));
        }
    }
}
