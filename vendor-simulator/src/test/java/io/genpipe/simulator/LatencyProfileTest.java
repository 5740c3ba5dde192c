package io.genpipe.simulator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LatencyProfileTest {

    @Test
    void samplesMatchTheMedianAndP95() {
        LatencyProfile profile = new LatencyProfile(Duration.ofMillis(1000), Duration.ofMillis(3000));
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(7);

        long[] millis = new long[20_000];
        for (int i = 0; i < millis.length; i++) {
            millis[i] = profile.sample(random).toMillis();
        }
        Arrays.sort(millis);

        assertThat((double) millis[millis.length / 2]).isCloseTo(1000, within(60.0));
        assertThat((double) millis[(int) (millis.length * 0.95)]).isCloseTo(3000, within(200.0));
        assertThat(millis[millis.length - 1]).isLessThanOrEqualTo(30_000);
    }

    @Test
    void fixedLatencyIsAlwaysTheSame() {
        LatencyProfile fixed = LatencyProfile.fixed(Duration.ofMillis(500));
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(7);

        assertThat(fixed.sample(random)).isEqualTo(Duration.ofMillis(500));
        assertThat(fixed.sample(random)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void p95BelowTheMedianIsRejected() {
        assertThatThrownBy(() -> new LatencyProfile(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencyProfile.fixed(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
