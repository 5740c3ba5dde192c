package io.genpipe.ingress.dashboard;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.AttemptSucceeded;
import io.genpipe.contracts.event.AttemptSummary;
import io.genpipe.contracts.event.ExperimentArm;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.contracts.event.JobFailed;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.JobSucceeded;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.EventPublisher;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One job told as the pipeline writes it, for the sink to record: its request, then each attempt's dispatch (with the
 * router's reason) and result, then its outcome, on the real topics. Each attempt starts when the one before ended and
 * takes its latency.
 */
final class JobEvents {

    private final JobRequested request;
    private final List<AttemptDispatched> dispatches = new ArrayList<>();
    private final List<AttemptResult> results = new ArrayList<>();
    private ExperimentArm arm;
    private Instant now;
    private Object outcome;

    private JobEvents(JobRequested request) {
        this.request = request;
        this.now = request.occurredAt();
    }

    static JobEvents requested(String jobId, String tenantId, String batchId, Instant at) {
        return new JobEvents(JobRequested.create(jobId, tenantId, batchId, Operation.TEXT_TO_IMAGE,
                "a lighthouse at dawn", new ImageParams(1024, 1024, 1, null, null), null, at));
    }

    String jobId() {
        return request.jobId();
    }

    /** The A/B arm the router assigned: every dispatch, result and outcome told from now on carries it. */
    JobEvents inArm(String experiment, String armName) {
        arm = new ExperimentArm(experiment, armName);
        return this;
    }

    JobEvents fails(String provider, String model, String dispatchReason, FailureClass failureClass, String reason,
                    String costUsd, long latencyMs) {
        AttemptDispatched dispatch = dispatch(provider, model, dispatchReason);
        now = now.plusMillis(latencyMs);
        results.add(dispatch.failed(failureClass, reason, usd(costUsd), latencyMs, now));
        return this;
    }

    /** @param costUsd null for a cost the catalog could not compute: unknown */
    JobEvents succeeds(String provider, String model, String dispatchReason, String costUsd, long latencyMs) {
        AttemptDispatched dispatch = dispatch(provider, model, dispatchReason);
        now = now.plusMillis(latencyMs);
        results.add(dispatch.succeeded(List.of(new ImageRef("https://images.example/" + jobId() + ".png", 1024, 1024,
                "image/png")), usd(costUsd), latencyMs, now));
        return this;
    }

    /** Dispatched and not answered yet: the job is running. */
    JobEvents inFlight(String provider, String model, String dispatchReason) {
        dispatch(provider, model, dispatchReason);
        return this;
    }

    /** The router's outcome: the last attempt's success. */
    JobEvents succeeded() {
        AttemptSucceeded last = (AttemptSucceeded) results.get(results.size() - 1);
        outcome = new JobSucceeded(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), jobId(),
                now.plusMillis(50), request.tenantId(), request.batchId(), request.occurredAt(), last.provider(),
                last.model(), last.images(), history(), arm, null);
        return this;
    }

    JobEvents failed(FailureClass failureClass, String reason) {
        outcome = new JobFailed(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), jobId(), now.plusMillis(50),
                request.tenantId(), request.batchId(), request.occurredAt(), failureClass, reason, history(), arm);
        return this;
    }

    /** Every event told, in the order the pipeline writes them, and waits for the broker to have them. */
    void publish(EventPublisher publisher) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        sent.add(publisher.publish(Topics.JOBS, jobId(), request));
        for (int i = 0; i < dispatches.size(); i++) {
            AttemptDispatched dispatch = dispatches.get(i);
            sent.add(publisher.publish(Topics.dispatch(dispatch.provider()), jobId(), dispatch));
            if (i < results.size()) {
                sent.add(publisher.publish(Topics.ATTEMPTS, jobId(), results.get(i)));
            }
        }
        if (outcome instanceof JobSucceeded succeeded) {
            sent.add(publisher.publish(Topics.OUTCOMES, jobId(), succeeded));
        } else if (outcome instanceof JobFailed failed) {
            sent.add(publisher.publish(Topics.OUTCOMES, jobId(), failed));
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the broker did not take the events of " + jobId(), e);
        }
    }

    private AttemptDispatched dispatch(String provider, String model, String reason) {
        AttemptDispatched dispatch = new AttemptDispatched(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(),
                jobId(), now, results.size() + 1, provider, model, reason, now.plusSeconds(120), request, history(),
                null, List.of(), null, arm);
        dispatches.add(dispatch);
        return dispatch;
    }

    private List<AttemptSummary> history() {
        return results.stream().map(AttemptResult::summary).toList();
    }

    private static BigDecimal usd(String costUsd) {
        return costUsd == null ? null : new BigDecimal(costUsd);
    }
}
