package io.genpipe.ingress.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The forwarding against a stand-in for the sink on a local port: what is sent on, and how each answer comes back. */
class SinkForwarderTest {

    private static final String KEY = "gp_test-key";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    private HttpServer sink;

    @BeforeEach
    void startSink() throws IOException {
        sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sink.createContext("/v1/stats", exchange -> answer(exchange, 200, "application/json", "{\"window\":\"10m\"}"));
        sink.createContext("/v1/jobs/missing", exchange -> answer(exchange, 404, "application/problem+json",
                "{\"status\":404,\"field\":\"jobId\"}"));
        sink.createContext("/v1/budgets", exchange -> answer(exchange, 200, "text/html", "<html>a proxy's page</html>"));
        sink.createContext("/v1/alerts", exchange -> answer(exchange, 401, "application/problem+json", "{\"status\":401}"));
        sink.createContext("/v1/experiments", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://elsewhere.example/steal");
            answer(exchange, 302, "application/json", "{}");
        });
        sink.start();
    }

    @AfterEach
    void stopSink() {
        sink.stop(0);
    }

    @Test
    void passesTheSinksJsonAnswerOnWithItsStatusHavingSentTheCallersKeyInItsOwnHeader() throws Exception {
        ResponseEntity<Object> answer = forward("v1/stats", Map.of("window", new String[] {"10m"}),
                new PresentedKey("X-API-Key", KEY));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(answer.getHeaders().getCacheControl()).isEqualTo("no-store");
        assertThat(answer.getBody()).isEqualTo("{\"window\":\"10m\"}");
        assertThat(received).singleElement().satisfies(request -> {
            assertThat(request).containsEntry("uri", "/v1/stats?window=10m").containsEntry("x-api-key", KEY)
                    .as("the key in the one header it came in").containsEntry("authorization", "none");
        });

        ResponseEntity<Object> missing = forward("v1/jobs/missing", Map.of(),
                new PresentedKey("Authorization", "Bearer " + KEY));
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(missing.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(received.get(1)).containsEntry("authorization", "Bearer " + KEY);
        assertThat(count("stats", "ok")).isEqualTo(1);
        assertThat(count("job", "client_error")).isEqualTo(1);
    }

    @Test
    void anAnswerThatIsNotJsonOrRefusesAKeyTheIngressAcceptedIsA502AndARedirectIsNotFollowed() throws Exception {
        ResponseEntity<Object> html = forward("v1/budgets", Map.of(), new PresentedKey("X-API-Key", KEY));
        assertThat(html.getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(((ProblemDetail) html.getBody()).getType()).isEqualTo(URI.create("https://genpipe.io/problems/sink-bad-answer"));

        ResponseEntity<Object> refused = forward("v1/alerts", Map.of(), new PresentedKey("X-API-Key", KEY));
        assertThat(refused.getStatusCode()).as("not a 401, which would make the page drop a good key")
                .isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(((ProblemDetail) refused.getBody()).getDetail()).contains("same keys");

        ResponseEntity<Object> redirected = forward("v1/experiments", Map.of(), new PresentedKey("X-API-Key", KEY));
        assertThat(redirected.getStatusCode()).isEqualTo(HttpStatus.FOUND);
        assertThat(received).hasSize(3);
        assertThat(count("alerts", "key_refused")).isEqualTo(1);
        assertThat(count("budgets", "bad_answer")).isEqualTo(1);
    }

    @Test
    void aSinkThatDoesNotAnswerIsA503SayingSoWithoutItsAddress() throws Exception {
        URI nowhere;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nowhere = URI.create("http://127.0.0.1:" + closed.getLocalPort());
        }
        SinkForwarder forwarder = new SinkForwarder(new DashboardSettings(nowhere, Duration.ofSeconds(2)), meters);

        ResponseEntity<Object> answer = forwarder.forward(SinkAllowList.resolve("v1/jobs", Map.of()),
                new PresentedKey("X-API-Key", KEY), "/v1/dashboard/sink/v1/jobs").get(10, TimeUnit.SECONDS);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        ProblemDetail problem = (ProblemDetail) answer.getBody();
        assertThat(problem.getDetail()).isEqualTo("The results sink is unreachable (connection refused); its figures"
                + " are unknown until it answers").doesNotContain(Integer.toString(nowhere.getPort()));
        assertThat(problem.getInstance()).isEqualTo(URI.create("/v1/dashboard/sink/v1/jobs"));
        assertThat(count("jobs", "unreachable")).isEqualTo(1);
    }

    @Test
    void thePresentedKeyIsNeverShownByToString() {
        assertThat(new PresentedKey("Authorization", "Bearer " + KEY).toString()).doesNotContain(KEY);
    }

    private ResponseEntity<Object> forward(String path, Map<String, String[]> parameters, PresentedKey key)
            throws Exception {
        SinkForwarder forwarder = new SinkForwarder(new DashboardSettings(
                URI.create("http://127.0.0.1:" + sink.getAddress().getPort() + "/"), Duration.ofSeconds(5)), meters);
        return forwarder.forward(SinkAllowList.resolve(path, parameters), key, "/v1/dashboard/sink/" + path)
                .get(10, TimeUnit.SECONDS);
    }

    private double count(String source, String outcome) {
        var timer = meters.find(SinkForwarder.METER).tags("source", source, "outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    private static String header(HttpExchange exchange, String name) {
        String value = exchange.getRequestHeaders().getFirst(name);
        return value == null ? "none" : value;
    }

    private void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        received.add(Map.of("uri", exchange.getRequestURI().toString(),
                "authorization", header(exchange, "Authorization"), "x-api-key", header(exchange, "X-API-Key")));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
