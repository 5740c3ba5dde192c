package io.genpipe.worker.dispatch;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptProgressed;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.EventPublisher;
import io.genpipe.worker.adapter.Progress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Objects;

/**
 * Publishes how long-running attempts (trainings) are getting on to {@code genpipe.progress.v1}: once per change of
 * the vendor's status, percent or message, not once per poll. Progress is informational, so a send that fails is
 * counted and dropped, never retried: the next poll sends the next state.
 */
final class ProgressPublisher {

    private static final Logger log = LoggerFactory.getLogger(ProgressPublisher.class);

    private final EventPublisher publisher;
    private final Clock clock;
    private final Counter published;
    private final Counter dropped;

    ProgressPublisher(EventPublisher publisher, Clock clock, MeterRegistry meters) {
        this.publisher = publisher;
        this.clock = clock;
        this.published = Counter.builder("genpipe.worker.progress").tag("outcome", "published")
                .description("Progress reports of long-running attempts").register(meters);
        this.dropped = Counter.builder("genpipe.worker.progress").tag("outcome", "dropped")
                .description("Progress reports of long-running attempts").register(meters);
    }

    /** Where the calls of {@code dispatch}'s attempt report; only changes are published. */
    Progress of(AttemptDispatched dispatch) {
        return new Progress() {
            private String last;

            @Override
            public synchronized void report(String status, Integer percent, String message) {
                String state = status + "|" + percent + "|" + message;
                if (Objects.equals(state, last)) {
                    return;
                }
                last = state;
                send(AttemptProgressed.of(dispatch, status, percent, message, clock.instant()));
            }
        };
    }

    private void send(AttemptProgressed progress) {
        try {
            publisher.publish(Topics.PROGRESS, progress.jobId(), progress).whenComplete((metadata, error) -> {
                if (error == null) {
                    published.increment();
                } else {
                    drop(progress, error);
                }
            });
        } catch (RuntimeException e) {
            drop(progress, e);
        }
    }

    private void drop(AttemptProgressed progress, Throwable error) {
        dropped.increment();
        log.debug("progress of job {} attempt {} not published: {}", progress.jobId(), progress.attempt(),
                error.toString());
    }
}
