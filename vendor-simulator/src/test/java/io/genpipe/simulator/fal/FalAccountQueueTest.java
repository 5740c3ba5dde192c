package io.genpipe.simulator.fal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FalAccountQueueTest {

    private static final Instant T0 = Instant.parse("2026-09-01T10:00:00Z");
    private static final int UNLIMITED = Integer.MAX_VALUE;

    private final FalAccountQueue queue = new FalAccountQueue();
    private final List<FalRequest> started = new ArrayList<>();

    @Test
    void withoutALimitEachRequestRunsFromATenthOfItsLatency() {
        queue.enqueue(request("a", T0, 1000));

        queue.advanceTo(T0.plusMillis(99), UNLIMITED, started::add);
        assertThat(started).isEmpty();
        queue.advanceTo(T0.plusMillis(100), UNLIMITED, started::add);

        assertThat(started).singleElement().satisfies(request -> {
            assertThat(request.startsAt()).isEqualTo(T0.plusMillis(100));
            assertThat(request.endsAt()).isEqualTo(T0.plusMillis(1000));
        });
    }

    @Test
    void thePeakIsTheMostRunningAtOnceHoweverLateItIsRead() {
        queue.enqueue(request("a", T0, 1000));                 // runs 0.1 - 1.0 s
        queue.enqueue(request("b", T0.plusMillis(500), 1000)); // runs 0.6 - 1.5 s
        queue.enqueue(request("c", T0.plusMillis(1400), 100)); // runs 1.41 - 1.5 s

        queue.advanceTo(T0.plusSeconds(60), UNLIMITED, started::add);

        assertThat(started).extracting(FalRequest::id).containsExactly("a", "b", "c");
        assertThat(queue.peak()).isEqualTo(2);
        assertThat(queue.inProgress()).isZero();
    }

    @Test
    void aRequestStartingAsAnotherEndsDoesNotOverlapIt() {
        queue.enqueue(request("a", T0, 1000));                 // runs 0.1 - 1.0 s
        queue.enqueue(request("b", T0.plusMillis(900), 1000)); // starts at 1.0 s, as a ends

        queue.advanceTo(T0.plusSeconds(60), UNLIMITED, started::add);

        assertThat(queue.peak()).isEqualTo(1);
    }

    @Test
    void resettingThePeakStartsFromWhatRunsNow() {
        queue.enqueue(request("a", T0, 1000));
        queue.enqueue(request("b", T0, 2000));
        queue.advanceTo(T0.plusMillis(500), UNLIMITED, started::add);
        assertThat(queue.peak()).isEqualTo(2);

        queue.advanceTo(T0.plusMillis(1500), UNLIMITED, started::add);
        queue.resetPeak();

        assertThat(queue.peak()).isEqualTo(1);
    }

    @Test
    void aRequestStillQueuedAtItsStartDeadlineLeavesUnstartedAndHoldsNoSlot() {
        queue.enqueue(request("busy", T0, 1000));                                   // runs 0.1 - 1.0 s
        queue.enqueue(withDeadline(request("late", T0, 1000), T0.plusMillis(500)));  // no slot before 1.0 s
        queue.enqueue(withDeadline(request("made-it", T0, 1000), T0.plusMillis(1000))); // a slot exactly at it

        queue.advanceTo(T0.plusSeconds(3), 1, started::add);

        assertThat(started).extracting(FalRequest::id).containsExactly("busy", "late", "made-it");
        FalRequest late = started.get(1);
        assertThat(late.startsAt()).isEqualTo(late.endsAt()).isEqualTo(T0.plusMillis(500));
        assertThat(late.outcome()).isInstanceOfSatisfying(FalOutcome.Failed.class,
                failed -> assertThat(failed.failure().httpStatus()).isEqualTo(504));
        assertThat(started.get(2).startsAt()).isEqualTo(T0.plusMillis(1000));
        assertThat(queue.peak()).isEqualTo(1);
    }

    private static FalRequest withDeadline(FalRequest request, Instant startBy) {
        return new FalRequest(request.id(), request.app(), request.received(), request.readyAt(), request.runTime(),
                null, null, request.outcome(), false, startBy);
    }

    private static FalRequest request(String id, Instant submitted, long latencyMillis) {
        return FalRequest.submitted(id, "fal-ai/flux", submitted, Duration.ofMillis(latencyMillis),
                new FalOutcome.Generated("p", 1, 8, 8, 1));
    }
}
