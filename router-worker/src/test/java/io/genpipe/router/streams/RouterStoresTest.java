package io.genpipe.router.streams;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptSummary;
import io.genpipe.contracts.event.ExperimentArm;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RouteExplanation;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.router.tracking.JobState;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static io.genpipe.contracts.event.GenpipeEvent.SCHEMA_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timer keys sort as their due times do, so a range scan up to now finds exactly the timers due; a job's state reads
 * back from the store as it was written, in less space, and states written in the earlier, whole form still read.
 */
class RouterStoresTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final JobRequested JOB = new JobRequested(SCHEMA_VERSION, "e-1", "j-1", NOW, "acme", null,
            Operation.TEXT_TO_IMAGE, "a lighthouse at dusk, ".repeat(10), ImageParams.defaults(), null, null, null,
            null);
    private static final List<AttemptSummary> HISTORY = List.of(new AttemptSummary(1, "fal", "flux",
            FailureClass.RETRYABLE, "HTTP 503", BigDecimal.ZERO, 300));
    private static final AttemptDispatched DISPATCH = new AttemptDispatched(SCHEMA_VERSION, "j-1/e-1/attempt-2",
            "j-1", NOW, 2, "openai", "gpt-image-2", "priority 2 of 2", NOW.plusSeconds(300), JOB, HISTORY,
            ImageParams.defaults(), List.of(), new RouteExplanation("priority", List.of(), List.of()),
            new ExperimentArm("ab", "openai"));

    @Test
    void aDispatchedJobsStateReadsBackTheSameAndKeepsTheJobOnce() {
        JobState state = new JobState(JOB, HISTORY, JobState.Phase.DISPATCHED, DISPATCH, null, null, null, null,
                "e-2");
        Serde<JobState> serde = RouterStores.jobStates();

        byte[] stored = serde.serializer().serialize("t", state);

        assertThat(serde.deserializer().deserialize("t", stored)).isEqualTo(state);
        assertThat(stored.length).isLessThan(JsonSerde.instance().write(state).length - JOB.prompt().length());
    }

    @Test
    void aStateWrittenWholeBeforeStillReadsAndADispatchThatDoesNotRepeatTheJobIsKeptWhole() {
        JobState whole = new JobState(JOB, HISTORY, JobState.Phase.DISPATCHED, DISPATCH, null, null, null, null, "e-2");
        JobState odd = new JobState(JOB, List.of(), JobState.Phase.DISPATCHED, DISPATCH, null, null, null, null, "e-2");
        Serde<JobState> serde = RouterStores.jobStates();

        assertThat(serde.deserializer().deserialize("t", JsonSerde.instance().write(whole))).isEqualTo(whole);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", odd))).isEqualTo(odd);
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void timerKeysSortByDueTimeAndTheScanBoundSitsJustAfterNow() {
        Instant now = NOW;
        String due = RouterStores.timerKey(now, "job-b");
        String earlier = RouterStores.timerKey(now.minusMillis(1), "job-z");
        String later = RouterStores.timerKey(now.plusMillis(1), "job-a");
        String bound = RouterStores.timersDueBy(now);

        assertThat(due).isEqualTo("00" + now.toEpochMilli() + "/job-b").hasSize(15 + 1 + 5);
        assertThat(earlier).isLessThan(due);
        assertThat(due).isLessThan(bound);
        assertThat(later).isGreaterThan(bound);
        assertThat(RouterStores.jobIdOf(due)).isEqualTo("job-b");
        assertThat(RouterStores.timerKey(Instant.EPOCH, "j")).isEqualTo("000000000000000/j");
    }
}
