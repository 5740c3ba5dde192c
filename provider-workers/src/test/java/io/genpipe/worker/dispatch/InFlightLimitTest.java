package io.genpipe.worker.dispatch;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InFlightLimitTest {

    private final List<String> calls = new ArrayList<>();
    private final InFlightLimit limit = new InFlightLimit(4);

    InFlightLimitTest() {
        limit.bind(() -> calls.add("pause"), () -> calls.add("resume"));
    }

    @Test
    void pausesAtTheLimitAndResumesOnlyBelowTheLowWaterMark() {
        startCalls(3);
        assertThat(calls).isEmpty();

        limit.started();
        assertThat(calls).containsExactly("pause");
        assertThat(limit.paused()).isTrue();

        limit.ended(); // 3 in flight: not below three quarters of 4
        assertThat(calls).containsExactly("pause");

        limit.ended(); // 2
        assertThat(calls).containsExactly("pause", "resume");
        assertThat(limit.paused()).isFalse();
        assertThat(limit.count()).isEqualTo(2);
    }

    @Test
    void pausesOnceHoweverManyStartBeyondTheLimit() {
        startCalls(6); // a poll already fetched still starts its records

        assertThat(calls).containsExactly("pause");
    }

    @Test
    void neverResumesConsumersThatAreStopping() {
        startCalls(4);
        limit.stop();

        for (int i = 0; i < 4; i++) {
            limit.ended();
        }

        assertThat(calls).containsExactly("pause");
    }

    @Test
    void pausesWhileCallsWaitForATurnWithinTheAccountsLimitsAndResumesWhenNoneDoes() {
        startCalls(1);

        limit.throttled(true);
        assertThat(calls).containsExactly("pause");

        limit.throttled(false);
        assertThat(calls).containsExactly("pause", "resume");
    }

    @Test
    void staysPausedAtTheLimitWhenTheThrottleLifts() {
        startCalls(4);
        limit.throttled(true);
        limit.throttled(false); // still 4 in flight

        assertThat(calls).containsExactly("pause");
        limit.ended();
        limit.ended();
        assertThat(calls).containsExactly("pause", "resume");
    }

    @Test
    void aThrottleHoldsThePauseEvenBelowTheLowWaterMark() {
        startCalls(4);
        limit.throttled(true);

        for (int i = 0; i < 4; i++) {
            limit.ended();
        }

        assertThat(calls).containsExactly("pause");
        assertThat(limit.paused()).isTrue();
    }

    @Test
    void refusesALimitBelowOne() {
        assertThatThrownBy(() -> new InFlightLimit(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private void startCalls(int count) {
        for (int i = 0; i < count; i++) {
            limit.started();
        }
    }
}
