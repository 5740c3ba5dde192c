package io.genpipe.worker.dispatch;

import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.messaging.tracing.MessageTracing;
import io.genpipe.worker.journal.AttemptCalls;
import io.genpipe.worker.journal.AttemptJournal;
import io.genpipe.worker.journal.JournalMeters;
import io.genpipe.worker.journal.VendorRequestJournal;
import io.genpipe.worker.ratelimit.AccountLimits;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.AcknowledgingMessageListener;
import org.springframework.kafka.support.Acknowledgment;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Receives one provider's dispatches. It starts the attempt and returns at once, so the consumer goes on polling
 * and a dispatch's vendor call starts as soon as it arrives, however slow the calls before it are.
 *
 * <p>A record is committed only when its attempt's result is on the attempts topic and so are the results of
 * every record delivered before it on its partition (the {@link OffsetWindow}): a crash delivers the unfinished
 * dispatches again rather than losing them. The acknowledgement of the last record of that finished prefix
 * commits it; the container takes acknowledgements from any thread and commits them on the consumer thread.
 * The calls in flight are bounded by the provider's {@link InFlightLimit}.
 *
 * <p>Each attempt is a span of its job's trace, from the dispatch's arrival to its result on the broker; the result
 * is sent in that span (on whatever thread the vendor's answer came), so the trace goes on to the router. Each
 * reported attempt is one line of the request log ({@link RequestLog}).
 */
final class DispatchListener implements AcknowledgingMessageListener<String, AttemptDispatched> {

    private static final Logger log = LoggerFactory.getLogger(DispatchListener.class);
    private static final String SPAN = "genpipe.attempt";

    private final String provider;
    private final AttemptRunner runner;
    private final ResultPublisher publisher;
    private final InFlightCalls inFlight;
    private final InFlightLimit limit;
    private final VendorRequestJournal journal;
    private final JournalMeters meters;
    private final AttemptMeters attempts;
    private final AccountLimits limits;
    private final MessageTracing tracing;
    private final OffsetWindow<Acknowledgment> window = new OffsetWindow<>();
    /** Attempts running in this instance, by {@code jobId/attempt}: a second dispatch of one joins it. */
    private final Map<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    DispatchListener(String provider, AttemptRunner runner, ResultPublisher publisher, InFlightCalls inFlight,
                     InFlightLimit limit, VendorRequestJournal journal, JournalMeters meters, AccountLimits limits,
                     AttemptMeters attempts, MessageTracing tracing) {
        this.tracing = tracing;
        this.journal = journal;
        this.limits = limits;
        this.meters = meters;
        this.provider = provider;
        this.runner = runner;
        this.attempts = attempts;
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
        List<Integer> numbers = partitions.stream().map(TopicPartition::partition).toList();
        journal.forget(provider, numbers);
        limits.revoked(provider, numbers);
    }

    /** The drain is over: results from now on are left to the next owner of the dispatch. */
    void stop() {
        stopped = true;
    }

    /**
     * The partitions are this instance's now, of {@code partitionCount} in the topic: what their last owner journaled
     * is read before their records, and this instance's part of the account's limits grows with them.
     */
    void assigned(Collection<TopicPartition> partitions, int partitionCount) {
        List<Integer> numbers = partitions.stream().map(TopicPartition::partition).toList();
        journal.restore(provider, numbers);
        limits.assigned(provider, numbers, partitionCount);
    }

    @Override
    public void onMessage(ConsumerRecord<String, AttemptDispatched> record, Acknowledgment acknowledgment) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        AttemptDispatched dispatch = record.value();
        if (dispatch == null) {
            // No genpipe producer writes a tombstone to a dispatch topic: it is a dead letter, as it is for the sink
            // and the router, and a gap in the window that the next commit covers.
            throw new MessageFormatException(MessageFormatException.Problem.UNKNOWN_TYPE, "type",
                    "this topic carries AttemptDispatched events, not a record without a value");
        }
        if (!provider.equals(dispatch.provider())) {
            // The topic decides who works on it; the field is the router's record of its choice.
            log.warn("dispatch of job {} names provider {} but arrived on {}'s topic; running it on {}",
                    dispatch.jobId(), dispatch.provider(), provider, provider);
        }
        Span span = tracing.handling(SPAN, record.headers())
                .tag("genpipe.job.id", dispatch.jobId()).tag("genpipe.provider", provider)
                .tag("genpipe.attempt", dispatch.attempt());
        CompletableFuture<Void> done;
        // A failure to even start throws here, to the container's error handler (retries, then the DLQ), before
        // the record enters the window.
        try (Tracer.SpanInScope scope = tracing.inScope(span)) {
            done = once(record.partition(), dispatch, span);
        } catch (RuntimeException e) {
            span.error(e).end();
            throw e;
        }
        done.whenComplete((published, error) -> {
            if (error != null) {
                span.error(error);
            }
            span.end();
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

    /**
     * Runs the attempt unless it already ran: a dispatch seen again (a redelivery after a crash or a rebalance, the
     * router replaying a decision with the same id) never calls the vendor a second time for its job and attempt.
     * It joins the run still in progress here, reports the result the journal recorded, or resumes the queue request
     * the journal recorded. Only a synchronous call lost in a crash is made again, and the journal keeps both.
     */
    private CompletableFuture<Void> once(int partition, AttemptDispatched dispatch, Span span) {
        String key = AttemptCalls.key(dispatch.jobId(), dispatch.attempt());
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> already = running.putIfAbsent(key, done);
        if (already != null) {
            meters.redelivered(provider, "joined");
            return already;
        }
        Optional<AttemptCalls> known = journal.find(provider, partition, dispatch.jobId(), dispatch.attempt());
        CompletableFuture<Void> run;
        if (known.isPresent() && known.get().result() != null) {
            meters.redelivered(provider, "result-replayed");
            run = publisher.publish(known.get().result(), span);
        } else {
            AttemptJournal calls = journal.open(provider, partition, dispatch.jobId(), dispatch.attempt());
            // Calls an earlier run made and never saw end, and cannot resume (synchronous calls, queue submits whose
            // request id it never recorded): the vendor may bill them, so the result says so.
            List<Integer> lost = known.map(AttemptCalls::lostCallImages).orElse(List.of());
            BigDecimal expected = runner.expectedCost(dispatch, lost).map(Usd::plain).orElse(null);
            if (known.isPresent() && !known.get().calls().isEmpty()) {
                boolean resumable = lost.isEmpty();
                meters.redelivered(provider, resumable ? "resumed" : "called-again");
                if (!resumable) {
                    meters.lost(provider, lost.size(), expected);
                }
                log.debug("attempt {} of job {} on {} seen again: {} the {} call(s) recorded before", dispatch.attempt(),
                        dispatch.jobId(), provider, resumable ? "resuming" : "making again", known.get().calls().size());
            }
            CompletableFuture<AttemptResult> attempt = runner.run(dispatch, calls)
                    .thenApply(result -> lost.isEmpty() ? result : result.withLostCalls(lost.size(), expected))
                    .thenApply(result -> result.withCalls(
                            calls.report(image -> runner.expectedCost(dispatch, List.of(image)))));
            run = attempt.thenCompose(result -> {
                if (stopped) {
                    // Past the drain: what ends now ends because the worker is going ("worker shutting down"), not
                    // because of the vendor. Neither reported nor journaled, it is delivered again and resumed.
                    return CompletableFuture.failedFuture(new CancellationException("worker stopped"));
                }
                attempts.reported(result);
                try (Tracer.SpanInScope scope = tracing.inScope(span)) {
                    RequestLog.attempted(result);
                }
                return CompletableFuture.allOf(calls.finish(result), publisher.publish(result, span));
            });
        }
        run.whenComplete((ignored, error) -> {
            running.remove(key, done);
            if (error == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(error);
            }
        });
        return done;
    }

    private void commitUpTo(OffsetWindow.Entry<Acknowledgment> finished) {
        window.finish(finished).ifPresent(Acknowledgment::acknowledge);
    }
}
