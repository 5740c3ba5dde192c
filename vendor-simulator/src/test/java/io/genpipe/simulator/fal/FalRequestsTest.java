package io.genpipe.simulator.fal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FalRequestsTest {

    private static final Instant NOW = Instant.parse("2026-09-01T10:00:00Z");

    @Test
    void holdsNoMoreThanItsCapacityDroppingTheOldestFirst() {
        FalRequests requests = new FalRequests(Duration.ofHours(1), 3);

        for (int i = 0; i < 5; i++) {
            requests.add(request("r" + i), NOW);
        }

        assertThat(requests.size()).isEqualTo(3);
        assertThat(requests.find("r0", "fal-ai/flux", NOW)).isEmpty();
        assertThat(requests.find("r1", "fal-ai/flux", NOW)).isEmpty();
        assertThat(requests.find("r4", "fal-ai/flux", NOW)).isPresent();
    }

    @Test
    void expiryDropsRequestsAnHourAfterTheyComplete() {
        FalRequests requests = new FalRequests(Duration.ofHours(1), 100);
        requests.add(request("old"), NOW);
        requests.add(FalRequest.submitted("new", "fal-ai/flux", NOW.plus(Duration.ofMinutes(30)), Duration.ofSeconds(1),
                new FalOutcome.Generated("p", 1, 8, 8, 1)), NOW);

        requests.expire(NOW.plus(Duration.ofMinutes(61)));

        assertThat(requests.size()).isEqualTo(1);
        assertThat(requests.find("new", "fal-ai/flux", NOW.plus(Duration.ofMinutes(61)))).isPresent();
    }

    private static FalRequest request(String id) {
        return FalRequest.submitted(id, "fal-ai/flux", NOW, Duration.ofSeconds(1), new FalOutcome.Generated("p", 1, 8, 8, 1));
    }
}
