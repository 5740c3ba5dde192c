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
import java.util.ArrayList;
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

    @Test
    void concurrencyQueuesLaterSubmissionsInsteadOfRefusingThem() {
        simulator.profile(Vendor.FAL, ONE_SECOND.withConcurrency(2));
        List<JsonNode> first = IntStream.range(0, 5).mapToObj(i -> submit().json()).toList();
        clock.advance(Duration.ofMillis(500));
        Reply late = submit();

        assertThat(late.status()).isEqualTo(200);
        assertThat(late.json().get("queue_position").intValue()).as("behind the three waiting").isEqualTo(3);
        assertThat(statuses(first)).containsExactly("IN_PROGRESS", "IN_PROGRESS", "IN_QUEUE", "IN_QUEUE", "IN_QUEUE");
        assertThat(positions(first)).containsExactly(null, null, 0, 1, 2);

        clock.advance(Duration.ofMillis(500)); // the first two end as the next two start
        assertThat(statuses(first)).containsExactly("COMPLETED", "COMPLETED", "IN_PROGRESS", "IN_PROGRESS", "IN_QUEUE");
        assertThat(positions(first).get(4)).isZero();

        clock.advance(Duration.ofMillis(900));
        assertThat(statuses(first).get(4)).isEqualTo("IN_PROGRESS");
        clock.advance(Duration.ofMillis(900));
        Reply fifth = status(first.get(4));
        assertThat(fifth.json().get("status").stringValue()).isEqualTo("COMPLETED");
        assertThat(fifth.json().get("metrics").get("inference_time").doubleValue())
                .as("its latency ran from its start, not from its submit").isEqualTo(0.9);
        assertThat(simulator.peakInProgress(Vendor.FAL)).isEqualTo(2);
        assertThat(simulator.limitRefusals(Vendor.FAL)).isZero();
    }

    @Test
    void thePeakNeverPassesTheConcurrencyWhateverTheLatencies() {
        simulator.profile(Vendor.FAL, VendorProfile.healthy().withConcurrency(3)
                .withLatency(new LatencyProfile(Duration.ofMillis(500), Duration.ofSeconds(2))));
        List<JsonNode> unfinished = new ArrayList<>();
        int submitted = 0;
        int mostSeen = 0;
        for (int step = 0; step < 1000 && (submitted < 20 || !unfinished.isEmpty()); step++) {
            if (submitted < 20) {
                unfinished.add(submit().json());
                submitted++;
            }
            clock.advance(Duration.ofMillis(100));
            List<String> now = statuses(unfinished);
            int inProgress = (int) now.stream().filter("IN_PROGRESS"::equals).count();
            assertThat(inProgress).isLessThanOrEqualTo(3);
            mostSeen = Math.max(mostSeen, inProgress);
            List<JsonNode> still = new ArrayList<>();
            for (int i = 0; i < now.size(); i++) {
                if (!now.get(i).equals("COMPLETED")) {
                    still.add(unfinished.get(i));
                }
            }
            unfinished = still;
        }

        assertThat(unfinished).isEmpty();
        assertThat(mostSeen).isEqualTo(3);
        assertThat(simulator.peakInProgress(Vendor.FAL)).isEqualTo(3);
        assertThat(simulator.limitRefusals(Vendor.FAL)).isZero();
    }

    @Test
    void cancellingFreesASlotForTheNextInLine() {
        simulator.profile(Vendor.FAL, ONE_SECOND.withConcurrency(1));
        List<JsonNode> submitted = IntStream.range(0, 3).mapToObj(i -> submit().json()).toList();
        clock.advance(Duration.ofMillis(500));

        http.put(URI.create(submitted.get(1).get("cancel_url").stringValue()), KEY, "");
        assertThat(positions(submitted).get(2)).as("the cancelled one no longer waits ahead").isZero();
        http.put(URI.create(submitted.get(0).get("cancel_url").stringValue()), KEY, "");

        assertThat(statuses(submitted)).containsExactly("COMPLETED", "COMPLETED", "IN_PROGRESS");
        clock.advance(Duration.ofMillis(900));
        assertThat(statuses(submitted).get(2)).isEqualTo("COMPLETED");
    }

    @Test
    void aChangedConcurrencyAppliesFromWhenItChanged() {
        simulator.profile(Vendor.FAL, ONE_SECOND.withConcurrency(1));
        List<JsonNode> submitted = IntStream.range(0, 3).mapToObj(i -> submit().json()).toList();
        clock.advance(Duration.ofSeconds(10)); // nobody looks: all three ran one after another meanwhile

        simulator.profile(Vendor.FAL, ONE_SECOND.withConcurrency(3));

        assertThat(statuses(submitted)).containsOnly("COMPLETED");
        assertThat(simulator.peakInProgress(Vendor.FAL)).isEqualTo(1);
        List<JsonNode> more = IntStream.range(0, 3).mapToObj(i -> submit().json()).toList();
        clock.advance(Duration.ofMillis(500));
        assertThat(statuses(more)).containsOnly("IN_PROGRESS");
        http.put(simulator.baseUrl(Vendor.FAL).resolve("/__simulator/profile"), null, "{\"concurrency\":null}");
        assertThat(simulator.peakInProgress(Vendor.FAL)).isEqualTo(3);
    }

    private Reply status(JsonNode submitted) {
        return http.get(URI.create(submitted.get("status_url").stringValue()), KEY);
    }

    private List<String> statuses(List<JsonNode> submitted) {
        return submitted.stream().map(request -> status(request).json().get("status").stringValue()).toList();
    }

    /** Each request's queue_position, null once it is no longer IN_QUEUE. */
    private List<Integer> positions(List<JsonNode> submitted) {
        return submitted.stream().map(request -> status(request).json().get("queue_position"))
                .map(position -> position == null ? null : position.intValue()).toList();
    }

    private Reply submit() {
        return http.post(simulator.baseUrl(Vendor.FAL).resolve("/fal-ai/flux/schnell"), KEY, "{\"prompt\":\"p\"}");
    }
}
