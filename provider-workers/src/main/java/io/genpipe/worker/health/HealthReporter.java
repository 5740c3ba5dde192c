package io.genpipe.worker.health;

import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.EventPublisher;
import io.genpipe.worker.provider.WorkerSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes each served provider's health, as this instance's breaker sees it, to
 * {@code genpipe.provider-health.v1} (key {@code provider/instance}): at once on every breaker state change, and
 * on a heartbeat. Every report is valid for a few heartbeats, so an instance that stops reporting stops
 * counting. One thread publishes everything, in order, so a heartbeat can never overtake a state change.
 * Every report also says how many calls this instance has in flight for the provider and how many more it could
 * start within the account's limits, read when the report is made, so the router can weigh providers by load; and
 * the figures behind the state (failures in a row, failure rate, latency percentiles, the failure class, until when
 * it cools down).
 */
public final class HealthReporter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HealthReporter.class);
    private static final Duration TOMBSTONE_WAIT = Duration.ofSeconds(3);

    private final List<ProviderCircuit> circuits;
    private final InFlightCounts inFlight;
    private final LimitHeadroom headroom;
    private final String instance;
    private final WorkerSettings.Health settings;
    private final EventPublisher publisher;
    private final Clock clock;
    private volatile ScheduledExecutorService reporter;

    public HealthReporter(ProviderCircuits circuits, InFlightCounts inFlight, LimitHeadroom headroom, String instance,
                          WorkerSettings.Health settings, EventPublisher publisher, Clock clock) {
        this.circuits = circuits.all();
        this.inFlight = inFlight;
        this.headroom = headroom;
        this.instance = instance;
        this.settings = settings;
        this.publisher = publisher;
        this.clock = clock;
        for (ProviderCircuit circuit : this.circuits) {
            circuit.breaker().getEventPublisher().onStateTransition(transition -> {
                CircuitBreaker.State to = transition.getStateTransition().getToState();
                log.info("provider {}: circuit {} -> {}", circuit.provider(),
                        transition.getStateTransition().getFromState(), to);
                // The state the transition went to, not the current one: a quick HALF_OPEN -> CLOSED must still
                // report PROBING before UP.
                submit(() -> publish(circuit, to));
            });
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "provider-health");
            thread.setDaemon(true);
            return thread;
        });
        reporter = executor;
        long period = settings.heartbeat().toMillis();
        executor.scheduleAtFixedRate(this::heartbeat, 0, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = reporter;
        reporter = null;
        if (executor != null) {
            executor.shutdownNow();
            withdrawReports(executor);
        }
    }

    /**
     * A stopping instance no longer speaks for its providers: a tombstone per report takes it out of every
     * router's view at once (rather than when its last report expires) and lets compaction drop its key.
     */
    private void withdrawReports(ScheduledExecutorService executor) {
        try {
            // A heartbeat still being published must not land after the tombstone and revive the report.
            executor.awaitTermination(TOMBSTONE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        CompletableFuture<?>[] tombstones = circuits.stream()
                .map(circuit -> publisher.publish(Topics.PROVIDER_HEALTH, circuit.provider() + "/" + instance, null))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(tombstones).get(TOMBSTONE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("could not withdraw this instance's health reports; they expire on their own: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return reporter != null;
    }

    private void heartbeat() {
        for (ProviderCircuit circuit : circuits) {
            publish(circuit, circuit.breaker().getState());
        }
    }

    private void submit(Runnable task) {
        ScheduledExecutorService executor = reporter;
        if (executor == null) {
            return;
        }
        try {
            executor.execute(task);
        } catch (RejectedExecutionException stopping) {
            // Shutting down: the last report simply expires.
        }
    }

    private void publish(ProviderCircuit circuit, CircuitBreaker.State state) {
        try {
            ProviderHealth health = report(circuit, state, clock.instant());
            publisher.publish(Topics.PROVIDER_HEALTH, health.key(), health).whenComplete((sent, error) -> {
                if (error != null) {
                    log.warn("could not publish health of provider {}: {}", circuit.provider(), error.toString());
                }
            });
        } catch (RuntimeException e) {
            // The next heartbeat tries again; a reporter thread that died would never report again.
            log.warn("could not publish health of provider {}", circuit.provider(), e);
        }
    }

    ProviderHealth report(ProviderCircuit circuit, CircuitBreaker.State state, Instant now) {
        HealthFigures figures = circuit.figures(state);
        OptionalInt free = headroom.headroom(circuit.provider());
        return new ProviderHealth(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), now, circuit.provider(),
                instance, HealthStates.of(state), circuit.reason(state),
                now.plus(settings.validity()), inFlight.inFlight(circuit.provider()),
                free.isPresent() ? free.getAsInt() : null, figures.consecutiveFailures(), figures.failureRate(),
                figures.latencyP50Ms(), figures.latencyP95Ms(), figures.failureClass(), figures.cooldownUntil(),
                figures.lastSuccessAt(), figures.lastFailureAt());
    }
}
