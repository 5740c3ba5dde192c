package io.genpipe.simulator.openai;

import io.genpipe.simulator.LatencyProfile;
import io.genpipe.simulator.MutableClock;
import io.genpipe.simulator.SimulatorHttp;
import io.genpipe.simulator.SimulatorHttp.Reply;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.VendorSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class OpenAiAccountLimitsTest {

    private static final String KEY = "Bearer sk-k";
    private static final VendorProfile FAST = VendorProfile.healthy()
            .withLatency(LatencyProfile.fixed(Duration.ofMillis(5)));

    private final SimulatorHttp http = new SimulatorHttp();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-09-01T10:00:00Z"));
    private VendorSimulator simulator;

    @BeforeEach
    void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withProfile(Vendor.OPENAI, FAST), clock);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void withoutLimitsABurstIsNeverRefused() {
        List<Integer> statuses = IntStream.range(0, 30).mapToObj(i -> generate().status()).toList();

        assertThat(statuses).containsOnly(200);
        assertThat(simulator.limitRefusals(Vendor.OPENAI)).isZero();
    }

    @Test
    void aBurstOverTheRequestsPerMinuteGetsRateLimitExceededAndIsCounted() {
        simulator.profile(Vendor.OPENAI, FAST.withRequestsPerMinute(180));

        List<Reply> burst = IntStream.range(0, 5).mapToObj(i -> generate()).toList();

        assertThat(burst).extracting(Reply::status).containsExactly(200, 200, 200, 429, 429);
        JsonNode error = burst.get(3).json().get("error");
        assertThat(error.get("type").stringValue()).isEqualTo("requests");
        assertThat(error.get("code").stringValue()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("message").stringValue()).contains("Limit: 180/1min");
        assertThat(error.has("param")).isTrue();
        assertThat(burst.get(3).header("x-ratelimit-limit-requests")).isEqualTo("180");
        assertThat(burst.get(3).header("x-ratelimit-remaining-requests")).isEqualTo("0");
        assertThat(simulator.limitRefusals(Vendor.OPENAI)).isEqualTo(2);
        assertThat(simulator.requestCount(Vendor.OPENAI)).isEqualTo(5);
    }

    @Test
    void theBucketRefillsAsTheClockMovesAndModelListsTakeNothingFromIt() {
        simulator.profile(Vendor.OPENAI, FAST.withRequestsPerMinute(60).withRetryAfter(Duration.ofSeconds(1)));
        assertThat(generate().status()).isEqualTo(200);
        Reply refused = generate();
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("1");

        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 5; i++) {
            assertThat(http.get(URI.create(simulator.baseUrl(Vendor.OPENAI) + "/models"), KEY).status()).isEqualTo(200);
        }

        assertThat(generate().status()).isEqualTo(200);
        assertThat(generate().status()).isEqualTo(429);
        assertThat(simulator.limitRefusals(Vendor.OPENAI)).isEqualTo(2);
    }

    @Test
    void outagesAndRandomRateLimitsAreNotLimitRefusals() {
        simulator.profile(Vendor.OPENAI, FAST.withRateLimitRate(1.0).withRequestsPerMinute(6000));
        assertThat(generate().status()).isEqualTo(429);
        simulator.profile(Vendor.OPENAI, FAST.withOutage(true).withRequestsPerMinute(1));
        assertThat(generate().status()).isEqualTo(503);
        assertThat(generate().status()).isEqualTo(503);

        assertThat(simulator.limitRefusals(Vendor.OPENAI)).isZero();
    }

    @Test
    void concurrencyRefusesACallWhileCAreOpenAndCountsIt() {
        simulator.profile(Vendor.OPENAI, FAST.withLatency(LatencyProfile.fixed(Duration.ofSeconds(1))).withConcurrency(2));
        List<CompletableFuture<Reply>> open = IntStream.range(0, 2).mapToObj(i -> generateAsync()).toList();
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.peakInProgress(Vendor.OPENAI) == 2);

        Reply third = generate();
        Reply invalid = http.post(URI.create(simulator.baseUrl(Vendor.OPENAI) + "/images/generations"), KEY, "{}");

        assertThat(third.status()).isEqualTo(429);
        JsonNode error = third.json().get("error");
        assertThat(error.get("type").stringValue()).isEqualTo("requests");
        assertThat(error.get("code").stringValue()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("message").stringValue()).contains("Limit: 2 at once");
        assertThat(invalid.status()).as("refused at once, so it never needs a slot").isEqualTo(400);
        assertThat(open).allSatisfy(call -> assertThat(call.join().status()).isEqualTo(200));
        assertThat(simulator.limitRefusals(Vendor.OPENAI)).isEqualTo(1);
        assertThat(simulator.peakInProgress(Vendor.OPENAI)).isEqualTo(2);
        assertThat(generate().status()).as("the slots are free again").isEqualTo(200);
    }

    @Test
    void aClientThatWaitsForEachAnswerNeverHitsTheConcurrency() {
        simulator.profile(Vendor.OPENAI, FAST.withConcurrency(1));

        List<Integer> statuses = IntStream.range(0, 40).mapToObj(i -> generate().status()).toList();

        assertThat(statuses).containsOnly(200);
        assertThat(simulator.limitRefusals(Vendor.OPENAI)).isZero();
        assertThat(simulator.peakInProgress(Vendor.OPENAI)).isEqualTo(1);
    }

    private CompletableFuture<Reply> generateAsync() {
        return http.postAsync(URI.create(simulator.baseUrl(Vendor.OPENAI) + "/images/generations"), KEY,
                "{\"model\":\"gpt-image-2\",\"prompt\":\"p\"}");
    }

    private Reply generate() {
        return http.post(URI.create(simulator.baseUrl(Vendor.OPENAI) + "/images/generations"), KEY,
                "{\"model\":\"gpt-image-2\",\"prompt\":\"p\"}");
    }
}
