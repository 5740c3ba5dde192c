package io.genpipe.worker.dispatch;

import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.EventPublisher;
import io.genpipe.messaging.tracing.MessageTracing;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes attempt results to {@code genpipe.attempts.v1}, keyed by job id. A result is what the vendor call
 * produced (and maybe billed): rather than lose it when the broker refuses, publishing is retried with a
 * back-off that doubles up to a cap, for as long as the worker runs. The future completes when the broker has
 * the result; it fails only when the worker stops first, and then the dispatch is not acknowledged and is
 * delivered again.
 */
final class ResultPublisher {

    private static final Logger log = LoggerFactory.getLogger(ResultPublisher.class);

    private final EventPublisher publisher;
    private final MessageTracing tracing;
    private final ScheduledExecutorService scheduler;
    private final Duration initialBackOff;
    private final Duration maxBackOff;
    private volatile boolean stopped;

    ResultPublisher(EventPublisher publisher, ScheduledExecutorService scheduler, Duration initialBackOff,
                    Duration maxBackOff) {
        this(publisher, MessageTracing.NONE, scheduler, initialBackOff, maxBackOff);
    }

    ResultPublisher(EventPublisher publisher, MessageTracing tracing, ScheduledExecutorService scheduler,
                    Duration initialBackOff, Duration maxBackOff) {
        this.publisher = publisher;
        this.tracing = tracing;
        this.scheduler = scheduler;
        this.initialBackOff = initialBackOff;
        this.maxBackOff = maxBackOff;
    }

    CompletableFuture<Void> publish(AttemptResult result) {
        return publish(result, null);
    }

    /**
     * Publishes the result as part of {@code span} (the attempt's, or null for none): each send, a retry on the
     * scheduler's thread included, carries its trace context.
     */
    CompletableFuture<Void> publish(AttemptResult result, Span span) {
        CompletableFuture<Void> published = new CompletableFuture<>();
        attempt(result, span, 1, initialBackOff, published);
        return published;
    }

    /** Stops retrying: results still unpublished are left to redelivery of their dispatch. */
    void stop() {
        stopped = true;
    }

    private void attempt(AttemptResult result, Span span, int attempt, Duration backOff,
                         CompletableFuture<Void> published) {
        CompletableFuture<?> send;
        try (Tracer.SpanInScope scope = span == null ? null : tracing.inScope(span)) {
            send = publisher.publish(Topics.ATTEMPTS, result.jobId(), result);
        } catch (RuntimeException e) {
            send = CompletableFuture.failedFuture(e);
        }
        send.whenComplete((metadata, error) -> {
            if (error == null) {
                published.complete(null);
            } else {
                retry(result, span, attempt, backOff, published, error);
            }
        });
    }

    private void retry(AttemptResult result, Span span, int attempt, Duration backOff,
                       CompletableFuture<Void> published, Throwable error) {
        if (stopped) {
            published.completeExceptionally(error);
            return;
        }
        log.warn("could not publish attempt {} of job {} (try {}), retrying in {} ms: {}", result.attempt(),
                result.jobId(), attempt, backOff.toMillis(), error.toString());
        Duration next = backOff.multipliedBy(2).compareTo(maxBackOff) > 0 ? maxBackOff : backOff.multipliedBy(2);
        try {
            scheduler.schedule(() -> attempt(result, span, attempt + 1, next, published), backOff.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            published.completeExceptionally(error);
        }
    }
}
