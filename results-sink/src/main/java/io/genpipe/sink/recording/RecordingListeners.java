package io.genpipe.sink.recording;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.topic.TopicNames;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The sink's consumers, in the group {@code spring.kafka.consumer.group-id} ({@code genpipe.sink}). One
 * listener per topic (one for all dispatch topics), so a backlog of attempts does not hold up the outcomes. A record that cannot be
 * read never arrives here (the messaging module sends it to the DLQ); a write that fails (the database is
 * down) throws, and the record is retried with back-off before it goes there too.
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

    private final Recorder recorder;
    private final MeterRegistry meters;

    RecordingListeners(Recorder recorder, MeterRegistry meters) {
        this.recorder = recorder;
        this.meters = meters;
    }

    @KafkaListener(topics = TopicNames.JOBS)
    void on(JobRequested job) {
        recorder.jobRequested(job);
        recorded("job", "written");
    }

    @KafkaListener(topics = TopicNames.ATTEMPTS)
    void on(AttemptResult result) {
        recorder.attemptFinished(result);
        recorded("attempt", "written");
    }

    @KafkaListener(topicPattern = DISPATCH_TOPICS,
            properties = "metadata.max.age.ms=${genpipe.sink.dispatch-topic-discovery-ms}")
    void on(AttemptDispatched dispatch) {
        recorded("dispatch", recorder.attemptDispatched(dispatch) ? "written" : "unchanged");
    }

    @KafkaListener(topics = TopicNames.OUTCOMES)
    void on(JobOutcome outcome) {
        recorder.jobFinished(outcome);
        recorded("outcome", "written");
    }

    /**
     * {@code genpipe.sink.events{event,effect}}: each event the sink has recorded, after its transaction committed;
     * {@code unchanged} for a dispatch recorded before (a redelivery).
     */
    private void recorded(String event, String effect) {
        meters.counter("genpipe.sink.events", "event", event, "effect", effect).increment();
    }
}
