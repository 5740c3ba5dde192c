package io.genpipe.ingress;

import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.messaging.EventPublisher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Speaks on the health topic as a worker instance would, and withdraws what it said with tombstones on close, as a
 * stopping worker does, so that the next test starts from silence.
 */
public final class HealthReports implements AutoCloseable {

    private final EventPublisher publisher;
    private final List<String> keys = new ArrayList<>();

    public HealthReports(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /** A report from a new worker instance, valid for an hour of the test clock. */
    public void report(String provider, HealthState state, String reason) {
        ProviderHealth report = new ProviderHealth(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(),
                RunningIngress.NOW, provider, TestInfrastructure.shared().uniqueName("it-worker"), state, reason,
                RunningIngress.NOW.plus(Duration.ofHours(1)));
        send(report.key(), report);
        keys.add(report.key());
    }

    /** A report as given, withdrawn with the others. */
    public void report(ProviderHealth report) {
        send(report.key(), report);
        keys.add(report.key());
    }

    @Override
    public void close() {
        keys.forEach(key -> send(key, null));
        keys.clear();
    }

    private void send(String key, ProviderHealth report) {
        try {
            publisher.publish(Topics.PROVIDER_HEALTH, key, report).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not take the health report " + key, e);
        }
    }
}
