package io.genpipe.worker.dispatch;

import io.genpipe.contracts.event.AttemptDispatched;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.AcknowledgingMessageListener;
import org.springframework.kafka.support.Acknowledgment;

import java.util.concurrent.CompletableFuture;

/**
 * Receives one provider's dispatches. It starts the attempt and returns at once; the record is acknowledged
 * only when the attempt's result is on the attempts topic, so a crash before that delivers the dispatch again
 * rather than losing it. Acknowledgements arrive in any order: the container commits an offset once every
 * record before it is acknowledged, and pauses the consumer while a poll's records are unfinished, which bounds
 * the calls in flight per consumer by {@code max.poll.records}.
 */
final class DispatchListener implements AcknowledgingMessageListener<String, AttemptDispatched> {

    private static final Logger log = LoggerFactory.getLogger(DispatchListener.class);

    private final String provider;
    private final AttemptRunner runner;
    private final ResultPublisher publisher;
    private final InFlightCalls inFlight;

    DispatchListener(String provider, AttemptRunner runner, ResultPublisher publisher, InFlightCalls inFlight) {
        this.provider = provider;
        this.runner = runner;
        this.publisher = publisher;
        this.inFlight = inFlight;
    }

    @Override
    public void onMessage(ConsumerRecord<String, AttemptDispatched> record, Acknowledgment acknowledgment) {
        AttemptDispatched dispatch = record.value();
        if (dispatch == null) {
            acknowledgment.acknowledge(); // a tombstone: nothing to do
            return;
        }
        if (!provider.equals(dispatch.provider())) {
            // The topic decides who works on it; the field is the router's record of its choice.
            log.warn("dispatch of job {} names provider {} but arrived on {}'s topic; running it on {}",
                    dispatch.jobId(), dispatch.provider(), provider, provider);
        }
        // A failure to even start throws here, to the container's error handler (retries, then the DLQ).
        CompletableFuture<Void> done = runner.run(dispatch).thenCompose(result -> {
            log.debug("attempt {} of job {} on {}: {}", dispatch.attempt(), dispatch.jobId(), provider, result);
            return publisher.publish(result);
        });
        inFlight.started();
        done.whenComplete((published, error) -> {
            try {
                if (error == null) {
                    acknowledgment.acknowledge();
                } else {
                    log.warn("result of attempt {} of job {} not published; the dispatch will be delivered again: {}",
                            dispatch.attempt(), dispatch.jobId(), error.toString());
                }
            } finally {
                inFlight.ended();
            }
        });
    }
}
