package io.genpipe.router.streams;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptFailed;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobSucceeded;
import io.genpipe.router.tracking.JobState;
import io.genpipe.router.tracking.Step;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The router's own meters (Kafka Streams' are bound beside them):
 * <ul>
 *   <li>{@code genpipe.router.inputs} (counter; {@code input} = job, result, tick; {@code effect} = applied, replayed,
 *   ignored-stale, ignored-unknown): a replay or a stale input is one the router recognised and did not act on twice;</li>
 *   <li>{@code genpipe.router.decisions} (counter; {@code decision} = dispatch, wait, finish);</li>
 *   <li>{@code genpipe.router.timeouts} (counter; {@code provider}): attempts with no result by deadline plus grace;</li>
 *   <li>{@code genpipe.router.jobs.waiting} (gauge): jobs waiting for a provider in this instance, as of the last
 *   retry check;</li>
 *   <li>{@code genpipe.router.fallbacks} (counter; {@code from}, {@code to}): attempts sent to another provider than
 *   the job's attempt before;</li>
 *   <li>{@code genpipe.router.outcomes} (counter; {@code outcome} = succeeded, failed) and {@code genpipe.jobs.duration}
 *   (histogram; {@code outcome}): each job once, at its outcome, with its time from request to outcome: the
 *   end-to-end latency.</li>
 * </ul>
 */
class RouterMetrics {

    private final MeterRegistry registry;
    private final Map<String, Long> waitingByTask = new ConcurrentHashMap<>();
    /** By outcome, built once: a histogram's builder is too costly to run for every job. */
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();

    RouterMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("genpipe.router.jobs.waiting", waitingByTask,
                        counts -> counts.values().stream().mapToLong(Long::longValue).sum())
                .description("jobs waiting for a provider to recover, in this router instance")
                .register(registry);
    }

    void input(String input, Step step) {
        registry.counter("genpipe.router.inputs", "input", input, "effect", step.tag()).increment();
        if (step.effect() != Step.Effect.APPLIED) {
            return;
        }
        JobState next = step.next();
        registry.counter("genpipe.router.decisions", "decision", switch (next.phase()) {
            case DISPATCHED -> "dispatch";
            case WAITING -> "wait";
            case FINISHED -> "finish";
        }).increment();
        for (Object emitted : step.emit()) {
            if (emitted instanceof AttemptFailed timedOut) {
                registry.counter("genpipe.router.timeouts", "provider", timedOut.provider()).increment();
            } else if (emitted instanceof AttemptDispatched dispatch && !dispatch.previousAttempts().isEmpty()) {
                String from = dispatch.previousAttempts().get(dispatch.previousAttempts().size() - 1).provider();
                if (!from.equals(dispatch.provider())) {
                    registry.counter("genpipe.router.fallbacks", "from", from, "to", dispatch.provider()).increment();
                }
            } else if (emitted instanceof JobOutcome outcome) {
                String result = outcome instanceof JobSucceeded ? "succeeded" : "failed";
                registry.counter("genpipe.router.outcomes", "outcome", result).increment();
                if (outcome.requestedAt() != null) {
                    durations.computeIfAbsent(result, tag -> Timer.builder("genpipe.jobs.duration").tag("outcome", tag)
                                    .description("from the job's request to its outcome")
                                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                                    .maximumExpectedValue(Duration.ofHours(1)).register(registry))
                            .record(Duration.between(outcome.requestedAt(), outcome.occurredAt()).abs());
                }
            }
        }
    }

    void waiting(String task, long count) {
        waitingByTask.put(task, count);
    }

    void taskClosed(String task) {
        waitingByTask.remove(task);
    }
}
