package io.genpipe.bench.worker;

import io.genpipe.bench.router.ArrivalReader;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.contracts.json.JsonSerde;

import java.time.Duration;
import java.time.Instant;

/**
 * The worker's own reports on {@code genpipe.provider-health.v1}: whether it has said UP yet (it is then running its
 * consumers), and the largest {@code inFlight} it reported since {@link #reset()}.
 */
final class HealthWatch implements ArrivalReader.Handler {

    private final String instance;
    private boolean up;
    private int peakInFlight = -1;
    private int reports;

    HealthWatch(String instance) {
        this.instance = instance;
    }

    @Override
    public synchronized void arrived(Instant receivedAt, String key, byte[] value) {
        if (value == null) {
            return; // a tombstone: an instance withdrew
        }
        ProviderHealth health = JsonSerde.instance().read(value, ProviderHealth.class);
        if (!instance.equals(health.instance())) {
            return;
        }
        reports++;
        if (health.inFlight() != null) {
            peakInFlight = Math.max(peakInFlight, health.inFlight());
        }
        if (health.state() == HealthState.UP && !up) {
            up = true;
            notifyAll();
        }
    }

    synchronized boolean awaitUp(Duration timeout, WorkerProcess worker) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!up && worker.alive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.min(500, Math.max(1, left / 1_000_000)));
        }
        return up;
    }

    synchronized void reset() {
        peakInFlight = -1;
        reports = 0;
    }

    synchronized int peakInFlight() {
        return peakInFlight;
    }

    synchronized int reports() {
        return reports;
    }
}
