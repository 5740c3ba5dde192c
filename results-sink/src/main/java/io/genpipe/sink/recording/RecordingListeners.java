package io.genpipe.sink.recording;

import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.topic.TopicNames;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The sink's consumers, in the group {@code spring.kafka.consumer.group-id} ({@code genpipe.sink}). One
 * listener per topic, so a backlog of attempts does not hold up the outcomes. A record that cannot be
 * read never arrives here (the messaging module sends it to the DLQ); a write that fails (the database is
 * down) throws, and the record is retried with back-off before it goes there too.
 */
@Component
class RecordingListeners {

    private final Recorder recorder;

    RecordingListeners(Recorder recorder) {
        this.recorder = recorder;
    }

    @KafkaListener(topics = TopicNames.JOBS)
    void on(JobRequested job) {
        recorder.jobRequested(job);
    }

    @KafkaListener(topics = TopicNames.ATTEMPTS)
    void on(AttemptResult result) {
        recorder.attemptFinished(result);
    }

    @KafkaListener(topics = TopicNames.OUTCOMES)
    void on(JobOutcome outcome) {
        recorder.jobFinished(outcome);
    }
}
