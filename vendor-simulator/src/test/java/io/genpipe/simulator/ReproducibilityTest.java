package io.genpipe.simulator;

import io.genpipe.simulator.SimulatorHttp.Reply;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReproducibilityTest {

    private final SimulatorHttp http = new SimulatorHttp();

    @Test
    void theSameSeedGivesTheSameFailuresInTheSameOrder() {
        List<Integer> first = statuses(99);
        List<Integer> second = statuses(99);
        List<Integer> otherSeed = statuses(100);

        assertThat(first).isEqualTo(second).contains(200, 429);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    private List<Integer> statuses(long seed) {
        SimulatorSettings settings = SimulatorSettings.defaults().withRandomSeed(seed)
                .withProfile(Vendor.OPENAI, VendorProfile.healthy().withRateLimitRate(0.5)
                        .withLatency(LatencyProfile.fixed(Duration.ofMillis(1))));
        try (VendorSimulator simulator = VendorSimulator.start(settings)) {
            URI generations = URI.create(simulator.baseUrl(Vendor.OPENAI) + "/images/generations");
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Reply reply = http.post(generations, "Bearer k", "{\"prompt\":\"p\"}");
                statuses.add(reply.status());
            }
            return statuses;
        }
    }
}
