package io.genpipe.worker.dispatch;

import io.genpipe.contracts.event.AttemptDispatched;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.AcknowledgingMessageListener;
import org.springframework.kafka.support.Acknowledgment;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Receives one provider's dispatches. It starts the attempt and returns at once, so the consumer goes on polling
 * and a dispatch's vendor call starts as soon as it arrives, however slow the calls before it are.
 *
 * <p>A record is committed only when its attempt's result is on the attempts topic and so are the results of
 * every record delivered before it on its partition (the {@link OffsetWindow}): a crash delivers the unfinished
 * dispatches again rather than losing them. The acknowledgement of the last record of that finished prefix
 * commits it; the container takes acknowledgements from any thread and commits them on the consumer thread.
 * The calls in flight are bounded by the provider's {@link InFlightLimit}.
 */
final class DispatchListener implements AcknowledgingMessageListener<String, AttemptDispatched> {

    private static final Logger log = LoggerFactory.getLogger(DispatchListener.class);

    private final String provider;
    private final AttemptRunner runner;
    private final ResultPublisher publisher;
    private final InFlightCalls inFlight;
    private final InFlightLimit limit;
    private final OffsetWindow<Acknowledgment> window = new OffsetWindow<>();

    DispatchListener(String provider, AttemptRunner runner, ResultPublisher publisher, InFlightCalls inFlight,
                     InFlightLimit limit) {
        this.provider = provider;
        this.runner = runner;
        this.publisher = publisher;
        this.inFlight = inFlight;
        this.limit = limit;
    }

    InFlightLimit limit() {
        return limit;
    }

    /** The partitions were revoked or lost: their unfinished records are the new owner's now. */
    void forget(Collection<TopicPartition> partitions) {
        window.forget(partitions);
    }

    @Override
    public void onMessage(ConsumerRecord<String, AttemptDispatched> record, Acknowledgment acknowledgment) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        AttemptDispatched dispatch = record.value();
        if (dispatch == null) { // a tombstone: nothing to do, but commit it only in order
            commitUpTo(window.deliver(partition, record.offset(), acknowledgment));
            return;
        }
        if (!provider.equals(dispatch.provider())) {
            // The topic decides who works on it; the field is the router's record of its choice.
            log.warn("dispatch of job {} names provider {} but arrived on {}'s topic; running it on {}",
                    dispatch.jobId(), dispatch.provider(), provider, provider);
        }
        // A failure to even start throws here, to the container's error handler (retries, then the DLQ), before
        // the record enters the window.
        CompletableFuture<Void> done = runner.run(dispatch).thenCompose(result -> {
            log.debug("attempt {} of job {} on {}: {}", dispatch.attempt(), dispatch.jobId(), provider, result);
            return publisher.publish(result);
        });
        OffsetWindow.Entry<Acknowledgment> entry = window.deliver(partition, record.offset(), acknowledgment);
        inFlight.started(provider);
        limit.started();
        done.whenComplete((published, error) -> {
            try {
                if (error == null) {
                    commitUpTo(entry);
                } else {
                    // Left unfinished, it holds its partition's commits back: it and what follows are delivered
                    // again (this happens only when the worker stops while the broker refuses results).
                    log.warn("result of attempt {} of job {} not published; the dispatch will be delivered again: {}",
                            dispatch.attempt(), dispatch.jobId(), error.toString());
                }
            } finally {
                limit.ended();
                inFlight.ended(provider);
            }
        });
    }

    private void commitUpTo(OffsetWindow.Entry<Acknowledgment> finished) {
        window.finish(finished).ifPresent(Acknowledgment::acknowledge);
    }
}
