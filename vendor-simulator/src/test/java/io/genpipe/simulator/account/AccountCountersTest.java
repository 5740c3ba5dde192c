package io.genpipe.simulator.account;

import io.genpipe.simulator.LatencyProfile;
import io.genpipe.simulator.MutableClock;
import io.genpipe.simulator.SimulatorHttp;
import io.genpipe.simulator.SimulatorHttp.Reply;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.VendorSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static io.genpipe.simulator.SimulatorHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AccountCountersTest {

    private static final String FAL_KEY = "Key k";
    private static final String OPENAI_KEY = "Bearer sk-k";
    private static final VendorProfile ONE_SECOND = VendorProfile.healthy()
            .withLatency(LatencyProfile.fixed(Duration.ofSeconds(1)));

    private final SimulatorHttp http = new SimulatorHttp();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-09-01T10:00:00Z"));
    private VendorSimulator simulator;

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void falPeakCountsRequestsInProgressNotQueuedOnes() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withProfile(Vendor.FAL, ONE_SECOND), clock);
        submitToFal();
        submitToFal();
        assertThat(simulator.peakInProgress(Vendor.FAL)).as("both still IN_QUEUE").isZero();

        clock.advance(Duration.ofSeconds(1));
        submitToFal();
        clock.advance(Duration.ofMillis(500));

        assertThat(simulator.peakInProgress(Vendor.FAL)).isEqualTo(2);
        assertThat(http.get(counters(Vendor.FAL), null).json())
                .isEqualTo(json("{\"vendor\":\"FAL\",\"requestCount\":3,\"limitRefusals\":0,\"peakInProgress\":2}"));
    }

    @Test
    void resettingStartsThePeakFromWhatIsInProgressAndKeepsTheRequestCount() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withProfile(Vendor.FAL, ONE_SECOND), clock);
        submitToFal();
        submitToFal();
        clock.advance(Duration.ofMillis(500));
        assertThat(simulator.peakInProgress(Vendor.FAL)).isEqualTo(2);

        clock.advance(Duration.ofSeconds(1));
        simulator.resetCounters(Vendor.FAL);
        assertThat(simulator.peakInProgress(Vendor.FAL)).isZero();
        submitToFal();
        clock.advance(Duration.ofMillis(500));

        Reply reset = http.delete(counters(Vendor.FAL));
        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.json()).isEqualTo(json("{\"vendor\":\"FAL\",\"requestCount\":3,\"limitRefusals\":0,\"peakInProgress\":1}"));
        assertThat(simulator.requestCount(Vendor.FAL)).isEqualTo(3);
    }

    @Test
    void settingAProfileResetsNothing() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withProfile(Vendor.FAL, ONE_SECOND), clock);
        submitToFal();
        clock.advance(Duration.ofMillis(500));

        simulator.profile(Vendor.FAL, ONE_SECOND.withErrorRate(0.5));
        http.put(simulator.baseUrl(Vendor.FAL).resolve("/__simulator/profile"), null, "{\"errorRate\":0.1}");

        assertThat(simulator.peakInProgress(Vendor.FAL)).isEqualTo(1);
    }

    @Test
    void openAiPeakCountsCallsHeldOpenForTheirAnswer() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withProfile(Vendor.OPENAI, ONE_SECOND));
        URI generations = URI.create(simulator.baseUrl(Vendor.OPENAI) + "/images/generations");

        List<CompletableFuture<Reply>> calls = IntStream.range(0, 3)
                .mapToObj(i -> http.postAsync(generations, OPENAI_KEY, "{\"prompt\":\"p\"}")).toList();
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.peakInProgress(Vendor.OPENAI) == 3);
        calls.forEach(call -> assertThat(call.join().status()).isEqualTo(200));
        http.post(generations, OPENAI_KEY, "{}"); // refused at once (no prompt): never held open

        assertThat(http.get(counters(Vendor.OPENAI), null).json())
                .isEqualTo(json("{\"vendor\":\"OPENAI\",\"requestCount\":4,\"limitRefusals\":0,\"peakInProgress\":3}"));
        simulator.resetCounters(Vendor.OPENAI);
        assertThat(simulator.peakInProgress(Vendor.OPENAI)).isZero();
    }

    @Test
    void theCountersEndpointOnlyReadsAndResets() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults());

        Reply put = http.put(counters(Vendor.OPENAI), null, "{\"peakInProgress\":0}");
        Reply elsewhere = http.get(simulator.baseUrl(Vendor.FAL).resolve("/__simulator/counters/x"), null);

        assertThat(put.status()).isEqualTo(405);
        assertThat(put.header("Allow")).isEqualTo("GET, DELETE");
        assertThat(elsewhere.status()).isEqualTo(404);
    }

    private void submitToFal() {
        Reply reply = http.post(simulator.baseUrl(Vendor.FAL).resolve("/fal-ai/flux/schnell"), FAL_KEY,
                "{\"prompt\":\"p\"}");
        assertThat(reply.status()).isEqualTo(200);
    }

    private URI counters(Vendor vendor) {
        return simulator.baseUrl(vendor).resolve("/__simulator/counters");
    }
}
