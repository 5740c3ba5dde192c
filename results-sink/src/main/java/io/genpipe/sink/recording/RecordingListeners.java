package io.genpipe.sink.recording;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptProgressed;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.topic.TopicNames;
import io.genpipe.messaging.DeadLetters;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The sink's consumers, in the group {@code spring.kafka.consumer.group-id} ({@code genpipe.sink}). One
 * listener per topic (one for all dispatch topics), so a backlog of attempts does not hold up the outcomes. Each
 * takes a whole poll and records it in a few transactions ({@link RecordingBatch}), committing the offsets by hand
 * once the database holds the events ({@code spring.kafka.listener.ack-mode: manual}).
 */
@Component
class RecordingListeners {

    /**
     * Every provider's dispatch topic ({@code Topics.dispatch(provider)}), those of providers added later included.
     * A pattern subscription only matches topics that exist when the consumer refreshes its metadata, so a new
     * provider's topic is picked up within {@code genpipe.sink.dispatch-topic-discovery-ms} of its creation, and read
     * from its first record (a new topic has no committed offset, and the group starts from the earliest).
     */
    static final String DISPATCH_TOPICS = "genpipe\\.dispatch\\..+\\.v1";

    private final RecordingBatch<JobRequested> jobs;
    private final RecordingBatch<AttemptDispatched> dispatches;
    private final RecordingBatch<AttemptResult> attempts;
    private final RecordingBatch<JobOutcome> outcomes;
    private final RecordingBatch<AttemptProgressed> progress;
    private final MeterRegistry meters;
    private final DistributionSummary pollSizes;

    RecordingListeners(Recorder recorder, ProgressRecords progress, SinkSettings settings, DatabaseOutage outage,
                       DeadLetters deadLetters, MeterRegistry meters) {
        int perTransaction = settings.eventsPerTransaction();
        ConsumerRecordRecoverer dlq = deadLetters.newRecoverer();
        // Requests and outcomes also record the job's trace id, from their records' traceparent.
        this.jobs = new RecordingBatch<>(JobRequested.class, (events, traceIds) -> {
            recorder.jobsRequested(events, traceIds);
            return events.size();
        }, perTransaction, outage, dlq);
        this.dispatches = new RecordingBatch<>(AttemptDispatched.class, recorder::attemptsDispatched, perTransaction,
                outage, dlq);
        this.attempts = new RecordingBatch<>(AttemptResult.class, events -> {
            recorder.attemptsFinished(events);
            return events.size();
        }, perTransaction, outage, dlq);
        this.outcomes = new RecordingBatch<>(JobOutcome.class, (events, traceIds) -> {
            recorder.jobsFinished(events, traceIds);
            return events.size();
        }, perTransaction, outage, dlq);
        this.progress = new RecordingBatch<>(AttemptProgressed.class, progress::record, perTransaction, outage, dlq);
        this.meters = meters;
        this.pollSizes = DistributionSummary.builder("genpipe.sink.poll.records")
                .description("records each listener received in one poll").register(meters);
    }

    @KafkaListener(topics = TopicNames.JOBS, batch = "true")
    void jobs(List<ConsumerRecord<String, Object>> records, Acknowledgment ack) {
        tally("job", records, jobs.record(records, ack));
    }

    @KafkaListener(topics = TopicNames.ATTEMPTS, batch = "true")
    void attempts(List<ConsumerRecord<String, Object>> records, Acknowledgment ack) {
        tally("attempt", records, attempts.record(records, ack));
    }

    @KafkaListener(topicPattern = DISPATCH_TOPICS, batch = "true",
            properties = "metadata.max.age.ms=${genpipe.sink.dispatch-topic-discovery-ms:30000}")
    void dispatches(List<ConsumerRecord<String, Object>> records, Acknowledgment ack) {
        tally("dispatch", records, dispatches.record(records, ack));
    }

    @KafkaListener(topics = TopicNames.OUTCOMES, batch = "true")
    void outcomes(List<ConsumerRecord<String, Object>> records, Acknowledgment ack) {
        tally("outcome", records, outcomes.record(records, ack));
    }

    /**
     * How long-running attempts (trainings) are getting on: the latest per job ({@link ProgressRecords}). Its own
     * listener, so that a training's chatter never holds up the attempts and outcomes that bill.
     */
    @KafkaListener(topics = TopicNames.PROGRESS, batch = "true")
    void progress(List<ConsumerRecord<String, Object>> records, Acknowledgment ack) {
        tally("progress", records, progress.record(records, ack));
    }

    /**
     * {@code genpipe.sink.events{event,effect}}: each event the sink has recorded, after its transaction committed
     * ({@code written}; {@code unchanged} for a redelivered dispatch, or a progress no newer than the one recorded),
     * or sent to the DLQ ({@code dead-lettered}).
     * {@code genpipe.sink.poll.records}: the size of each poll.
     */
    private void tally(String event, List<?> records, RecordingBatch.Tally tally) {
        pollSizes.record(records.size());
        count(event, "written", tally.written());
        count(event, "unchanged", tally.recorded() - tally.written());
        count(event, "dead-lettered", tally.deadLettered());
    }

    private void count(String event, String effect, int n) {
        if (n > 0) {
            meters.counter("genpipe.sink.events", "event", event, "effect", effect).increment(n);
        }
    }
}
