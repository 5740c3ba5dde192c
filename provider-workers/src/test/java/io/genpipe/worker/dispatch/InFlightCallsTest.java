package io.genpipe.worker.dispatch;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class InFlightCallsTest {

    private final InFlightCalls calls = new InFlightCalls();

    @Test
    void countsEachProvidersCallsApartAndAllOfThemTogether() {
        calls.started("fal");
        calls.started("fal");
        calls.started("openai");

        assertThat(calls.inFlight("fal")).isEqualTo(2);
        assertThat(calls.inFlight("openai")).isEqualTo(1);
        assertThat(calls.count()).isEqualTo(3);

        calls.ended("fal");

        assertThat(calls.inFlight("fal")).isEqualTo(1);
        assertThat(calls.inFlight("openai")).isEqualTo(1);
        assertThat(calls.count()).isEqualTo(2);
    }

    @Test
    void aProviderWithNoCallInFlightCountsZero() {
        calls.started("fal");
        calls.ended("fal");

        assertThat(calls.inFlight("fal")).isZero();
        assertThat(calls.inFlight("never-served")).isZero();
    }

    @Test
    void endingACallThatNeverStartedIsABugNotANegativeCount() {
        calls.started("fal");

        assertThatThrownBy(() -> calls.ended("openai")).isInstanceOf(IllegalStateException.class);
        assertThat(calls.count()).isEqualTo(1);
    }

    @Test
    void theGaugeShowsEachProvidersCount() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        calls.registerGauges(meters, List.of("fal", "openai"));
        calls.started("fal");
        calls.started("fal");

        assertThat(meters.get(InFlightCalls.GAUGE).tag("provider", "fal").gauge().value()).isEqualTo(2.0);
        assertThat(meters.get(InFlightCalls.GAUGE).tag("provider", "openai").gauge().value()).isZero();
    }

    @Test
    void theDrainWaitsForTheCallsOfEveryProvider() throws InterruptedException {
        calls.started("fal");
        calls.started("openai");
        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> awaitIdle(Duration.ofSeconds(20)));

        calls.ended("fal");
        assertThat(calls.awaitIdle(Duration.ZERO)).isFalse(); // openai's call is still in flight
        assertThat(drained).isNotDone();

        calls.ended("openai");
        await().atMost(Duration.ofSeconds(10)).until(drained::isDone);
        assertThat(drained.join()).isTrue();
    }

    @Test
    void theDrainGivesUpAfterItsTimeout() throws InterruptedException {
        calls.started("fal");

        assertThat(calls.awaitIdle(Duration.ofMillis(20))).isFalse();
    }

    private boolean awaitIdle(Duration timeout) {
        try {
            return calls.awaitIdle(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
