package io.genpipe.sink.jobs;

import io.genpipe.sink.JobStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** What a job's status shows of the latest progress recorded for it ({@link JobView#running}). */
class RunningProgressTest {

    private static final JobView.Progress SECOND_ATTEMPT_HALFWAY = new JobView.Progress("IN_PROGRESS", 50,
            "step 500/1000", 2, "replicate", Instant.parse("2026-11-22T10:05:00Z"));

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("running, its attempt dispatched", JobStatus.RUNNING,
                        List.of(attempt(1, "FAILED"), attempt(2, "DISPATCHED")), true),
                arguments("running, its attempt's dispatch not recorded yet", JobStatus.RUNNING,
                        List.of(attempt(1, "FAILED")), true),
                arguments("queued: no event carrying the request as running yet", JobStatus.QUEUED, List.of(), true),
                arguments("succeeded: kept, not shown as running", JobStatus.SUCCEEDED,
                        List.of(attempt(1, "FAILED"), attempt(2, "SUCCEEDED")), false),
                arguments("failed", JobStatus.FAILED, List.of(attempt(1, "FAILED"), attempt(2, "DISPATCHED")), false),
                arguments("its attempt has its result, the outcome not yet", JobStatus.RUNNING,
                        List.of(attempt(1, "FAILED"), attempt(2, "FAILED")), false),
                arguments("a later attempt was dispatched: this one's work ended", JobStatus.RUNNING,
                        List.of(attempt(1, "FAILED"), attempt(2, "DISPATCHED"), attempt(3, "DISPATCHED")), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void showsProgressOnlyOfTheAttemptStillRunning(String situation, JobStatus status, List<JobView.Attempt> attempts,
                                                   boolean shown) {
        assertThat(JobView.running(status, SECOND_ATTEMPT_HALFWAY, attempts))
                .isEqualTo(shown ? SECOND_ATTEMPT_HALFWAY : null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void noProgressRecordedShowsNone(String situation, JobStatus status, List<JobView.Attempt> attempts,
                                     boolean shown) {
        assertThat(JobView.running(status, null, attempts)).isNull();
    }

    private static JobView.Attempt attempt(int number, String status) {
        boolean finished = !"DISPATCHED".equals(status);
        return new JobView.Attempt(number, "fal", "fal-ai/flux-lora-fast-training", status,
                "FAILED".equals(status) ? "RETRYABLE" : null, null, null, false, finished ? 1_000L : null, List.of(),
                null, null, null, null, List.of());
    }
}
