package io.genpipe.sink.recording;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptFailed;
import io.genpipe.contracts.event.AttemptProgressed;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.AttemptSucceeded;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.JobEvent;
import io.genpipe.contracts.event.JobFailed;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.JobSucceeded;
import io.genpipe.contracts.event.TrainedModel;
import io.genpipe.contracts.event.VendorCall;
import io.genpipe.infra.test.TestDatabase;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.sink.JobStory;
import io.genpipe.sink.webhooks.WebhookOutbox;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.genpipe.sink.JobStory.FAL;
import static io.genpipe.sink.JobStory.FLUX;
import static io.genpipe.sink.JobStory.GPT_IMAGE;
import static io.genpipe.sink.JobStory.OPENAI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The recording writes against real PostgreSQL, without Kafka: order, redelivery and duplicates. */
class RecordingConvergenceIT {

    private static SingleConnectionDataSource dataSource;
    private static JdbcClient jdbc;
    private static Recorder recorder;
    private static ProgressRecords progress;

    @BeforeAll
    static void migratedDatabase() {
        TestDatabase database = TestInfrastructure.shared().newDatabase();
        dataSource = new SingleConnectionDataSource(database.jdbcUrl(), database.username(), database.password(), true);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(dataSource);
        recorder = new Recorder(new JobRecords(named), new AttemptRecords(named), new CallRecords(named),
                new DispatchRecords(named), new WebhookOutbox(named),
                new TransactionTemplate(new JdbcTransactionManager(dataSource)),
                Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC));
        progress = new ProgressRecords(named, new TransactionTemplate(new JdbcTransactionManager(dataSource)),
                Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC));
    }

    @AfterAll
    static void close() {
        dataSource.destroy();
    }

    @BeforeEach
    void empty() {
        jdbc.sql("TRUNCATE ratings, vendor_calls, attempts, webhook_deliveries, jobs, job_progress").update();
    }

    @Test
    void everyOrderOfAJobsEventsRecordsTheSameRows() {
        JobStory story = JobStory.of("job-1", "studio-north", "batch-1");
        List<JobEvent> events = List.of(story.requested(),
                story.fails(FAL, FLUX, FailureClass.RATE_LIMITED, "0", 300),
                story.succeeds(OPENAI, GPT_IMAGE, "0.04", 9_000),
                story.succeeded());

        List<Snapshot> snapshots = new ArrayList<>();
        for (List<JobEvent> order : permutations(events)) {
            empty();
            order.forEach(this::deliver);
            Snapshot once = snapshot("job-1");
            order.forEach(this::deliver); // every event redelivered
            assertThat(snapshot("job-1")).as("after redelivery of %s", order).isEqualTo(once);
            snapshots.add(once);
        }

        assertThat(snapshots).hasSize(24).allSatisfy(s -> assertThat(s).isEqualTo(snapshots.get(0)));
        Map<String, Object> job = snapshots.get(0).job();
        assertThat(job).containsEntry("status", "SUCCEEDED")
                .containsEntry("tenant_id", "studio-north")
                .containsEntry("batch_id", "batch-1")
                .containsEntry("operation", "text-to-image")
                .containsEntry("provider", OPENAI)
                .containsEntry("model", GPT_IMAGE)
                .containsEntry("request_event_id", story.requested().eventId());
        assertThat((BigDecimal) job.get("total_cost_usd")).isEqualByComparingTo("0.04");
        assertThat(snapshots.get(0).attempts()).extracting(row -> row.get("status"), row -> row.get("failure_class"))
                .containsExactly(tuple("FAILED", "RATE_LIMITED"),
                        tuple("SUCCEEDED", null));
    }

    @Test
    void everyOrderOfAJobsEventsAndItsDispatchesRecordsTheSameRows() {
        JobStory story = JobStory.of("job-7", "studio-north", "batch-7").inExperiment("fal-vs-openai", "b");
        AttemptFailed failed = story.fails(FAL, FLUX, FailureClass.RATE_LIMITED, "0", 300);
        AttemptResult first = failed.withCalls(List.of(story.call(failed, 0, VendorCall.Outcome.RETRIED, "0"),
                story.call(failed, 1, VendorCall.Outcome.ANSWERED, "0")));
        AttemptSucceeded succeeded = story.succeeds(OPENAI, GPT_IMAGE, "0.04", 9_000);
        AttemptResult second = succeeded.withCalls(List.of(
                story.call(succeeded, 0, VendorCall.Outcome.ANSWERED, "0.04")));
        List<JobEvent> events = List.of(story.requested(), story.dispatches().get(0), first,
                story.dispatches().get(1), second, story.succeeded());

        List<List<JobEvent>> orders = permutations(events);
        Snapshot inOrder = null;
        for (List<JobEvent> order : orders) {
            empty();
            order.forEach(this::deliver);
            Snapshot once = snapshot("job-7");
            order.forEach(this::deliver); // every event redelivered, the dispatches included
            assertThat(snapshot("job-7")).as("after redelivery of %s", order).isEqualTo(once);
            if (inOrder == null) {
                inOrder = once;
            }
            assertThat(once).as("after %s", order).isEqualTo(inOrder);
        }

        assertThat(orders).hasSize(720);
        assertThat(inOrder.job()).containsEntry("status", "SUCCEEDED")
                .containsEntry("experiment", "fal-vs-openai").containsEntry("arm", "b");
        assertThat(inOrder.attempts()).extracting(row -> row.get("status"), row -> row.get("dispatch_reason"),
                        row -> row.get("experiment"), row -> row.get("arm"), row -> row.get("event_id"))
                .containsExactly(tuple("FAILED", "cheapest qualifying: fal", "fal-vs-openai", "b", first.eventId()),
                        tuple("SUCCEEDED", "cheapest qualifying: openai", "fal-vs-openai", "b", second.eventId()));
        assertThat(inOrder.attempts().get(1).get("dispatched_at"))
                .isEqualTo(Timestamp.from(story.dispatches().get(1).occurredAt()));
        assertThat(inOrder.attempts().get(1).get("route").toString())
                .contains("\"policy\": \"cost\"").contains("\"cause\": \"tried\"");
        assertThat(inOrder.calls()).extracting(row -> row.get("call_id"), row -> row.get("outcome"))
                .containsExactly(tuple("job-7/1/0", "RETRIED"), tuple("job-7/1/1", "ANSWERED"),
                        tuple("job-7/2/0", "ANSWERED"));
    }

    @Test
    void aDispatchAloneIsAnAttemptInFlightThatItsResultCompletes() {
        JobStory story = JobStory.of("job-8", "studio-north", "batch-8");
        AttemptSucceeded result = story.succeeds(FAL, FLUX, "0.003", 1_200);
        AttemptDispatched dispatch = story.dispatches().get(0);

        deliver(story.requested());
        assertThat(recorder.attemptDispatched(dispatch)).isTrue();
        assertThat(recorder.attemptDispatched(dispatch)).as("a redelivery writes nothing").isFalse();

        Snapshot inFlight = snapshot("job-8");
        assertThat(inFlight.job()).containsEntry("status", "RUNNING").containsEntry("unknown_cost_attempts", 0);
        assertThat((BigDecimal) inFlight.job().get("total_cost_usd")).isEqualByComparingTo("0");
        assertThat(inFlight.attempts()).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("status", "DISPATCHED").containsEntry("cost_usd", null)
                .containsEntry("latency_ms", null).containsEntry("event_id", null)
                .containsEntry("deadline", Timestamp.from(dispatch.deadline())));

        deliver(result);

        assertThat(snapshot("job-8").attempts()).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("status", "SUCCEEDED").containsEntry("event_id", result.eventId())
                .containsEntry("latency_ms", 1_200L)
                .containsEntry("dispatch_reason", "cheapest qualifying: fal")
                .containsEntry("dispatched_at", Timestamp.from(dispatch.occurredAt())));
        assertThat((BigDecimal) snapshot("job-8").job().get("total_cost_usd")).isEqualByComparingTo("0.003");
    }

    @Test
    void aLateDispatchMovesNothingBack() {
        JobStory story = JobStory.of("job-9", "studio-north", null);
        story.fails(FAL, FLUX, FailureClass.TIMEOUT, "0.001", 500);
        JobFailed failed = story.failed("no provider left");

        deliver(story.requested());
        deliver(failed);
        Snapshot finished = snapshot("job-9");
        recorder.attemptDispatched(story.dispatches().get(0));

        Snapshot after = snapshot("job-9");
        assertThat(after.job()).isEqualTo(finished.job());
        assertThat(after.attempts()).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("status", "FAILED").containsEntry("failure_class", "TIMEOUT")
                .containsEntry("dispatch_reason", "cheapest qualifying: fal"));
        assertThat((BigDecimal) after.attempts().get(0).get("cost_usd")).isEqualByComparingTo("0.001");
    }

    @Test
    void aRequestAndAnAttemptInEitherOrderLeaveTheJobRunning() {
        JobStory story = JobStory.of("job-2", "studio-north", null);
        AttemptFailed attempt = story.fails(FAL, FLUX, FailureClass.RETRYABLE, "0", 200);

        deliver(attempt);
        deliver(story.requested());
        Snapshot attemptFirst = snapshot("job-2");
        empty();
        deliver(story.requested());
        assertThat(snapshot("job-2").job()).containsEntry("status", "QUEUED");
        deliver(attempt);

        assertThat(snapshot("job-2")).isEqualTo(attemptFirst);
        assertThat(attemptFirst.job()).containsEntry("status", "RUNNING");
    }

    @Test
    void aSecondReportOfTheSameAttemptNeverBillsTwice() {
        JobStory story = JobStory.of("job-3", "studio-north", null);
        AttemptSucceeded first = story.succeeds(FAL, FLUX, "0.003", 1_200);
        AttemptResult vendorCalledAgain = story.reportedAgain(first, "0.0035");

        deliver(story.requested());
        deliver(first);
        deliver(vendorCalledAgain);
        deliver(first);

        Snapshot recorded = snapshot("job-3");
        assertThat(recorded.attempts()).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("event_id", first.eventId()));
        assertThat((BigDecimal) recorded.job().get("total_cost_usd")).isEqualByComparingTo("0.003");
    }

    @Test
    void anOutcomeAloneShowsEveryAttemptUntilTheAttemptsOwnEventsReplaceTheirSummaries() {
        JobStory story = JobStory.of("job-6", "studio-north", "batch-6");
        AttemptFailed first = story.fails(FAL, FLUX, FailureClass.RETRYABLE, "0.001", 500);
        AttemptSucceeded second = story.succeeds(OPENAI, GPT_IMAGE, "0.04", 7_000);
        JobSucceeded outcome = story.succeeded();

        deliver(outcome);

        Snapshot fromOutcome = snapshot("job-6");
        assertThat(fromOutcome.job()).containsEntry("status", "SUCCEEDED");
        assertThat((BigDecimal) fromOutcome.job().get("total_cost_usd")).isEqualByComparingTo("0.041");
        assertThat(fromOutcome.attempts()).extracting(row -> row.get("provider"), row -> row.get("event_id"))
                .containsExactly(tuple(FAL, null), tuple(OPENAI, null));

        deliver(second);
        deliver(first);

        Snapshot fromEvents = snapshot("job-6");
        assertThat(fromEvents.attempts()).extracting(row -> row.get("event_id"))
                .containsExactly(first.eventId(), second.eventId());
        assertThat(fromEvents.attempts().get(0).get("occurred_at"))
                .isEqualTo(Timestamp.from(first.occurredAt()));
        assertThat((BigDecimal) fromEvents.job().get("total_cost_usd")).isEqualByComparingTo("0.041");
    }

    @Test
    void theFirstOutcomeWinsAndALaterOneChangesNothing() {
        JobStory story = JobStory.of("job-4", "studio-north", null);
        story.succeeds(FAL, FLUX, "0.003", 1_200);
        JobSucceeded succeeded = story.succeeded();
        JobOutcome contradiction = story.failed("a second router instance thought otherwise");

        deliver(succeeded);
        Snapshot first = snapshot("job-4");
        deliver(contradiction);

        assertThat(snapshot("job-4")).isEqualTo(first);
        assertThat(first.job()).containsEntry("status", "SUCCEEDED")
                .containsEntry("outcome_event_id", succeeded.eventId());
    }

    @Test
    void anAttemptBillsOnItsUtcDay() {
        JobStory story = JobStory.of("job-5", "studio-north", null);
        // Requested at 10:00Z; fourteen hours later it is the next day in UTC, whatever the server's zone.
        deliver(story.fails(FAL, FLUX, FailureClass.TIMEOUT, "0.002", 14 * 3_600_000L));

        assertThat(snapshot("job-5").attempts()).singleElement()
                .satisfies(row -> assertThat(row.get("billed_on")).hasToString(LocalDate.of(2026, 11, 23).toString()));
    }

    @Test
    void batchesOfManyJobsRecordTheSameRowsAsOneEventAtATime() {
        List<JobEvent> events = new ArrayList<>();
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // Ids out of order, so that the batches' sort by job id changes the order of the writes.
            JobStory story = JobStory.of("batch-job-" + ((i * 17) % 40), "studio-north", "batch-b")
                    .inExperiment("e", i % 2 == 0 ? "a" : "b");
            jobIds.add(story.jobId());
            AttemptFailed first = story.fails(FAL, FLUX, FailureClass.RATE_LIMITED, "0.001", 300);
            AttemptSucceeded second = story.succeeds(OPENAI, GPT_IMAGE, "0.04", 9_000);
            events.addAll(List.of(story.requested(), story.dispatches().get(0), first, story.dispatches().get(1),
                    second, story.succeeded()));
            if (i % 5 == 0) {
                events.add(story.reportedAgain(second, "0.05")); // a second report in the same batch never bills
                events.add(story.failed("a contradiction the first outcome beats"));
            }
        }

        events.forEach(this::deliver);
        Map<String, Snapshot> oneByOne = snapshots(jobIds);
        empty();
        // Each topic's events in one batch, the topics in the order least kind to the rows: outcomes first.
        recorder.jobsFinished(only(events, JobOutcome.class));
        recorder.attemptsFinished(only(events, AttemptResult.class));
        assertThat(recorder.attemptsDispatched(only(events, AttemptDispatched.class))).isEqualTo(80);
        recorder.jobsRequested(only(events, JobRequested.class));
        assertThat(recorder.attemptsDispatched(only(events, AttemptDispatched.class)))
                .as("a redelivered batch writes nothing").isZero();

        assertThat(snapshots(jobIds)).isEqualTo(oneByOne);
        assertThat(jdbc.sql("SELECT sum(total_cost_usd) FROM jobs WHERE batch_id = 'batch-b'").query(BigDecimal.class)
                .single()).isEqualByComparingTo("1.64");
    }

    @Test
    void aCallMadeTwiceAfterACrashCostsTheSameDuplicateSumInEveryOrderOneByOneOrInOneBatch() {
        JobStory story = JobStory.of("job-d", "studio-north", null);
        AttemptSucceeded first = story.succeeds(OPENAI, GPT_IMAGE, "0.04", 9_000);
        AttemptResult reported = first.withCalls(List.of(story.call(first, 0, VendorCall.Outcome.ANSWERED, "0.04")));
        AttemptResult again = story.reportedAgain(first, "0.04").withCalls(List.of(
                story.call(first, 0, VendorCall.Outcome.LOST, "0.04"),
                story.call(first, 1, VendorCall.Outcome.ANSWERED, "0.04")));
        List<JobEvent> events = List.of(story.requested(), story.dispatches().get(0), reported, again,
                story.succeeded());

        for (List<JobEvent> order : permutations(events)) {
            empty();
            order.forEach(this::deliver);
            // Whichever report bills the attempt, the other's answered call, or the first call lost, is paid twice.
            assertThat(duplicates("job-d")).as("one by one: %s", order).containsExactly(new BigDecimal("0.04"), 0);
            order.forEach(this::deliver);
            assertThat(duplicates("job-d")).as("redelivered: %s", order).containsExactly(new BigDecimal("0.04"), 0);
        }
        empty();
        recorder.attemptsFinished(List.of(reported, again, reported));
        assertThat(duplicates("job-d")).as("in one batch").containsExactly(new BigDecimal("0.04"), 0);
    }

    private List<Object> duplicates(String jobId) {
        return jdbc.sql("SELECT duplicate_calls_cost_usd, unpriced_duplicate_calls FROM attempts WHERE job_id = :jobId")
                .param("jobId", jobId)
                .query((rs, n) -> List.<Object>of(rs.getBigDecimal(1).stripTrailingZeros(), rs.getInt(2)))
                .single();
    }

    @Test
    void aTrainingsModelIsRecordedWithItsOutcomeInEveryOrderAndCountsAsMakingNoImages() {
        JobStory story = JobStory.training("job-t", "studio-north", "batch-t", JobStory.REQUESTED_AT);
        TrainedModel trained = new TrainedModel(TrainedModel.Kind.MODEL_VERSION, "genpipe/lighthouse-style:9f3c",
                "LHSTYLE");
        story.fails(FAL, JobStory.FAL_TRAINER, FailureClass.RETRYABLE, "0", 5_000);
        List<JobEvent> events = List.of(story.requested(), story.attempts().get(0),
                story.trains("replicate", "ostris/flux-dev-lora-trainer", null, 900_000, trained), story.succeeded());

        List<Snapshot> snapshots = new ArrayList<>();
        for (List<JobEvent> order : permutations(events)) {
            empty();
            order.forEach(this::deliver);
            order.forEach(this::deliver);
            snapshots.add(snapshot("job-t"));
        }

        assertThat(snapshots).allSatisfy(s -> assertThat(s).isEqualTo(snapshots.get(0)));
        assertThat(snapshots.get(0).job()).containsEntry("operation", "model-training")
                .containsEntry("trained_kind", "model-version")
                .containsEntry("trained_reference", "genpipe/lighthouse-style:9f3c")
                .containsEntry("trained_trigger_word", "LHSTYLE")
                .containsEntry("makes_images", false)
                .containsEntry("images", "[]");
        empty();
        deliver(story.succeeded());
        assertThat(snapshot("job-t").job()).as("the outcome alone: no operation yet, but a model, so no images")
                .containsEntry("makes_images", false).containsEntry("operation", null);
    }

    @Test
    void theNewestProgressStaysWhateverOrderItsEventsComeInAndARedeliveryChangesNothing() {
        JobStory story = JobStory.training("job-p", "studio-north", null, JobStory.REQUESTED_AT);
        story.fails(FAL, JobStory.FAL_TRAINER, FailureClass.RETRYABLE, "0", 300_000);
        story.trains("replicate", "ostris/flux-dev-lora-trainer", "1.2", 900_000, new TrainedModel(
                TrainedModel.Kind.MODEL_VERSION, "genpipe/lighthouse-style:9f3c", "LHSTYLE"));
        AttemptProgressed newest = story.progressed(2, "processing", 10, "flux_train_replicate: 100/1000", 60_000);
        List<AttemptProgressed> events = List.of(story.progressed(1, "IN_QUEUE", null, null, 1_000),
                // Later than the newest by the clock, but of the attempt before: a later attempt is newer.
                story.progressed(1, "IN_PROGRESS", 80, "step 800/1000", 290_000),
                story.progressed(2, "starting", null, null, 2_000), newest);

        for (List<AttemptProgressed> order : permutations(events)) {
            empty();
            order.forEach(event -> progress.record(List.of(event)));
            assertThat(progressRow("job-p")).as("one at a time: %s", order).isEqualTo(progressOf(newest));
            assertThat(progress.record(order)).as("redelivered as one batch").isZero();
            empty();
            assertThat(progress.record(order)).as("one batch").isPositive();
            assertThat(progressRow("job-p")).as("one batch: %s", order).isEqualTo(progressOf(newest));
        }
    }

    private Map<String, Object> progressRow(String jobId) {
        return jdbc.sql("""
                        SELECT tenant_id, attempt, provider, model, status, percent, message, occurred_at, event_id
                        FROM job_progress WHERE job_id = :jobId
                        """).param("jobId", jobId).query().singleRow();
    }

    private static Map<String, Object> progressOf(AttemptProgressed event) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("tenant_id", event.tenantId());
        row.put("attempt", event.attempt());
        row.put("provider", event.provider());
        row.put("model", event.model());
        row.put("status", event.status());
        row.put("percent", event.percent());
        row.put("message", event.message());
        row.put("occurred_at", Timestamp.from(event.occurredAt()));
        row.put("event_id", event.eventId());
        return row;
    }

    private Map<String, Snapshot> snapshots(List<String> jobIds) {
        Map<String, Snapshot> snapshots = new LinkedHashMap<>();
        jobIds.forEach(jobId -> snapshots.put(jobId, snapshot(jobId)));
        return snapshots;
    }

    private static <E extends JobEvent> List<E> only(List<JobEvent> events, Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private void deliver(JobEvent event) {
        if (event instanceof JobRequested request) {
            recorder.jobRequested(request);
        } else if (event instanceof AttemptResult attempt) {
            recorder.attemptFinished(attempt);
        } else if (event instanceof AttemptDispatched dispatch) {
            recorder.attemptDispatched(dispatch);
        } else {
            recorder.jobFinished((JobOutcome) event);
        }
    }

    /** Everything recorded about a job except when the sink wrote it. */
    private record Snapshot(Map<String, Object> job, List<Map<String, Object>> attempts,
                            List<Map<String, Object>> calls) {
    }

    private Snapshot snapshot(String jobId) {
        Map<String, Object> job = new LinkedHashMap<>(jdbc.sql("""
                        SELECT tenant_id, batch_id, operation, status, requested_at, completed_at, provider, model,
                               images::text AS images, failure_class, failure_reason, total_cost_usd,
                               unknown_cost_attempts, request_event_id, outcome_event_id, experiment, arm,
                               trained_kind, trained_reference, trained_trigger_word, makes_images
                        FROM jobs WHERE job_id = :jobId
                        """)
                .param("jobId", jobId).query().singleRow());
        List<Map<String, Object>> attempts = jdbc.sql("""
                        SELECT attempt, tenant_id, batch_id, provider, model, status, failure_class, reason, cost_usd,
                               latency_ms, occurred_at, billed_on, event_id, adjustments::text AS adjustments,
                               dispatch_reason, route::text AS route, dispatched_at, deadline, experiment, arm,
                               duplicate_calls_cost_usd, unpriced_duplicate_calls
                        FROM attempts WHERE job_id = :jobId ORDER BY attempt
                        """)
                .param("jobId", jobId).query().listOfRows();
        List<Map<String, Object>> calls = jdbc.sql("""
                        SELECT call_id, attempt, call_index, tenant_id, provider, model, first_image,
                               vendor_request_id, instance, started_at, outcome, cost_usd, event_id
                        FROM vendor_calls WHERE job_id = :jobId ORDER BY call_id
                        """)
                .param("jobId", jobId).query().listOfRows();
        return new Snapshot(job, attempts, calls);
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T head = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> order = new ArrayList<>();
                order.add(head);
                order.addAll(tail);
                all.add(order);
            }
        }
        return all;
    }
}
