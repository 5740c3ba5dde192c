package io.genpipe.simulator.fal;

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
import java.util.stream.IntStream;

import static io.genpipe.simulator.SimulatorHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

class FalAccountLimitsTest {

    private static final String KEY = "Key k";
    private static final VendorProfile ONE_SECOND = VendorProfile.healthy()
            .withLatency(LatencyProfile.fixed(Duration.ofSeconds(1)));

    private final SimulatorHttp http = new SimulatorHttp();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-09-01T10:00:00Z"));
    private VendorSimulator simulator;

    @BeforeEach
    void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withProfile(Vendor.FAL, ONE_SECOND), clock);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void withoutLimitsABurstIsNeverRefused() {
        List<Integer> statuses = IntStream.range(0, 50).mapToObj(i -> submit().status()).toList();

        assertThat(simulator.profile(Vendor.FAL).requestsPerMinute()).isNull();
        assertThat(statuses).containsOnly(200);
        assertThat(simulator.limitRefusals(Vendor.FAL)).isZero();
    }

    @Test
    void aBurstOverTheRequestsPerMinuteIsRefusedWithFals429AndCounted() {
        simulator.profile(Vendor.FAL, ONE_SECOND.withRequestsPerMinute(120));

        List<Reply> burst = IntStream.range(0, 5).mapToObj(i -> submit()).toList();

        assertThat(burst).extracting(Reply::status).containsExactly(200, 200, 429, 429, 429);
        assertThat(burst.get(2).json()).isEqualTo(json("{\"detail\":\"Rate limit exceeded\"}"));
        assertThat(simulator.limitRefusals(Vendor.FAL)).isEqualTo(3);
        assertThat(simulator.requestCount(Vendor.FAL)).isEqualTo(5);
    }

    @Test
    void theBucketRefillsAsTheClockMovesAndPollsTakeNothingFromIt() {
        simulator.profile(Vendor.FAL, ONE_SECOND.withRequestsPerMinute(60));
        JsonNode accepted = submit().json();
        assertThat(submit().status()).isEqualTo(429);

        clock.advance(Duration.ofMillis(999));
        for (int i = 0; i < 5; i++) {
            assertThat(http.get(URI.create(accepted.get("status_url").stringValue()), KEY).status()).isEqualTo(202);
            http.get(URI.create(accepted.get("response_url").stringValue()), KEY);
        }
        assertThat(submit().status()).isEqualTo(429);
        clock.advance(Duration.ofMillis(1));

        assertThat(submit().status()).isEqualTo(200);
        assertThat(simulator.limitRefusals(Vendor.FAL)).isEqualTo(2);
    }

    @Test
    void randomRateLimitsAreNotLimitRefusals() {
        simulator.profile(Vendor.FAL, ONE_SECOND.withRateLimitRate(1.0).withRequestsPerMinute(6000));

        assertThat(submit().status()).isEqualTo(429);
        assertThat(simulator.limitRefusals(Vendor.FAL)).isZero();
        assertThat(http.get(simulator.baseUrl(Vendor.FAL).resolve("/__simulator/counters"), null).json()
                .get("limitRefusals").longValue()).isZero();
    }

    @Test
    void resettingTheCountersClearsTheRefusals() {
        simulator.profile(Vendor.FAL, ONE_SECOND.withRequestsPerMinute(1));
        submit();
        submit();
        assertThat(simulator.limitRefusals(Vendor.FAL)).isEqualTo(1);

        simulator.resetCounters(Vendor.FAL);

        assertThat(simulator.limitRefusals(Vendor.FAL)).isZero();
        assertThat(simulator.requestCount(Vendor.FAL)).isEqualTo(2);
    }

    private Reply submit() {
        return http.post(simulator.baseUrl(Vendor.FAL).resolve("/fal-ai/flux/schnell"), KEY, "{\"prompt\":\"p\"}");
    }
}
