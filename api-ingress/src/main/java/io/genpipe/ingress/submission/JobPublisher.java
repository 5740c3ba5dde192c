package io.genpipe.ingress.submission;

import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.EventPublisher;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes jobs to {@code genpipe.jobs.v1} and returns only when the broker has acknowledged every one of them
 * (idempotent producer, acks=all), so that a 202 always means the job is on the broker.
 */
@Component
public class JobPublisher {

    private final EventPublisher publisher;
    private final IngressSettings settings;

    JobPublisher(EventPublisher publisher, IngressSettings settings) {
        this.publisher = publisher;
        this.settings = settings;
    }

    /** @throws BrokerUnavailableException when any job was not acknowledged in time */
    public void publish(List<JobRequested> jobs) {
        try {
            CompletableFuture<?>[] sends = jobs.stream()
                    .map(job -> publisher.publish(Topics.JOBS, job.jobId(), job))
                    .toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(sends).get(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException(e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // The producer throws at once when it cannot even fetch metadata, or fails the future later.
            throw new BrokerUnavailableException(e instanceof ExecutionException ? e.getCause() : e);
        }
    }
}
