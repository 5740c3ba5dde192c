package io.genpipe.worker.ratelimit;

import io.genpipe.worker.ManualScheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CallGateTest {

    private static final Duration LONG = Duration.ofMinutes(2);

    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<Boolean> backlog = new ArrayList<>();

    private CallGate gate(Integer concurrency, Integer requestsPerMinute, double share) {
        CallGate gate = new CallGate(concurrency, requestsPerMinute, scheduler, scheduler::nanoTime);
        gate.onBacklog(backlog::add);
        gate.share(share);
        return gate;
    }

    @Test
    void withoutLimitsNothingIsLimited() {
        assertThat(new CallGate(null, null, scheduler, scheduler::nanoTime).limited()).isFalse();
    }

    @Test
    void keepsToItsPartOfTheAccountsConcurrencyAndAdmitsTheNextWhenOneEnds() {
        CallGate gate = gate(10, null, 0.5); // 5 of the account's 10

        List<CompletableFuture<Admission>> calls = enter(gate, 7);

        assertThat(admitted(calls)).isEqualTo(5);
        assertThat(gate.waiting()).isEqualTo(2);
        assertThat(gate.headroom()).isZero();
        assertThat(backlog).containsExactly(true);

        release(calls.get(0));
        assertThat(calls.get(5)).isCompletedWithValueMatching(Admission.Admitted.class::isInstance);
        assertThat(calls.get(6)).isNotDone(); // first come, first served
        release(calls.get(1));
        assertThat(gate.running()).isEqualTo(5);
        assertThat(backlog).containsExactly(true, false);
    }

    @Test
    void aCallAdmittedAtOnceLeavesNoTimerBehind() {
        CallGate gate = gate(2, null, 1.0);

        enter(gate, 2);

        assertThat(scheduler.pending()).isEmpty();
    }

    @Test
    void aReleaseCountsOnceHoweverOftenItIsCalled() {
        CallGate gate = gate(2, null, 1.0);
        List<CompletableFuture<Admission>> calls = enter(gate, 2);

        release(calls.get(0));
        release(calls.get(0));

        assertThat(gate.running()).isEqualTo(1);
    }

    @Test
    void startsCallsAtItsPartOfTheRequestsPerMinuteWithABurstOfHalfASecondsWorth() {
        CallGate gate = gate(null, 1200, 0.5); // 600/min here: 10 a second, a burst of 5

        List<CompletableFuture<Admission>> calls = enter(gate, 25);
        assertThat(admitted(calls)).isEqualTo(5);

        scheduler.advance(1, TimeUnit.SECONDS);
        assertThat(admitted(calls)).isEqualTo(15);
        scheduler.advance(1, TimeUnit.SECONDS);
        assertThat(admitted(calls)).isEqualTo(25);
        assertThat(calls.get(24).join().waited()).isEqualTo(Duration.ofSeconds(2));
        assertThat(backlog).containsExactly(true, false);
    }

    @Test
    void aResumedRequestNeedsAPlaceButNoNewStart() {
        CallGate gate = gate(2, 60, 1.0); // one start a second
        gate.enter(true, LONG);

        CompletableFuture<Admission> resumed = gate.enter(false, LONG);

        assertThat(resumed).isCompletedWithValueMatching(Admission.Admitted.class::isInstance);
    }

    @Test
    void aCallWhoseTimeRunsOutGivesUpAndLetsTheOthersOn() {
        CallGate gate = gate(1, null, 1.0);
        CompletableFuture<Admission> first = gate.enter(true, LONG);
        CompletableFuture<Admission> hurried = gate.enter(true, Duration.ofSeconds(1));
        CompletableFuture<Admission> patient = gate.enter(true, LONG);

        scheduler.advance(1, TimeUnit.SECONDS);
        assertThat(hurried.join()).isEqualTo(new Admission.TimedOut(Duration.ofSeconds(1)));

        release(first);
        assertThat(patient).isCompletedWithValueMatching(Admission.Admitted.class::isInstance);
        assertThat(gate.waiting()).isZero();
    }

    @Test
    void aGrowingShareAdmitsWhatWaits() {
        CallGate gate = gate(4, null, 0.25);
        List<CompletableFuture<Admission>> calls = enter(gate, 3);
        assertThat(admitted(calls)).isEqualTo(1);

        gate.share(0.75);

        assertThat(admitted(calls)).isEqualTo(3);
    }

    @Test
    void anInstanceOwningAnyPartitionHasAtLeastOneCallAndOneOwningNoneHasNone() {
        CallGate small = gate(2, null, 1 / 6.0);
        assertThat(admitted(enter(small, 2))).isEqualTo(1);

        CallGate none = gate(2, null, 0);
        assertThat(admitted(enter(none, 1))).isZero();
    }

    @Test
    void headroomIsWhatCouldStartAtOnce() {
        CallGate gate = gate(8, 1200, 1.0); // 20 a second, a burst of 10
        enter(gate, 3);

        assertThat(gate.headroom()).isEqualTo(5); // 5 of 8 places free, 7 starts left

        CallGate starts = gate(8, 600, 1.0); // a burst of 5
        enter(starts, 3);
        assertThat(starts.headroom()).isEqualTo(2);
    }

    private static List<CompletableFuture<Admission>> enter(CallGate gate, int n) {
        List<CompletableFuture<Admission>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(gate.enter(true, LONG));
        }
        return calls;
    }

    private static long admitted(List<CompletableFuture<Admission>> calls) {
        return calls.stream().filter(call -> call.isDone() && call.join() instanceof Admission.Admitted).count();
    }

    /** Ends the call; whom that admits starts on the scheduler. */
    private void release(CompletableFuture<Admission> call) {
        ((Admission.Admitted) call.join()).release().run();
        scheduler.advance(0, TimeUnit.NANOSECONDS);
    }
}
