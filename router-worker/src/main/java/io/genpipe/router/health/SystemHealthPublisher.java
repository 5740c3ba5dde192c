package io.genpipe.router.health;

import io.genpipe.contracts.event.SystemHealthReported;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Assesses the system's health level every {@code interval} and publishes it for the ingress (compacted, key
 * {@code router}); a level change is logged. The report is valid for three intervals, so a router that stops
 * speaking stops counting.
 */
class SystemHealthPublisher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SystemHealthPublisher.class);

    private final SystemHealthAssessor assessor;
    private final EventPublisher publisher;
    private final Clock clock;
    private final Duration interval;
    private final String instance;
    private final AtomicReference<SystemHealthReported> latest = new AtomicReference<>();
    private ScheduledExecutorService timer;

    SystemHealthPublisher(SystemHealthAssessor assessor, EventPublisher publisher, Clock clock, Duration interval,
                          String instance) {
        this.assessor = assessor;
        this.publisher = publisher;
        this.clock = clock;
        this.interval = interval;
        this.instance = instance;
    }

    /** The last assessment, or null before the first. */
    SystemHealthReported latest() {
        return latest.get();
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "system-health");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::publish, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void publish() {
        try {
            SystemHealthReported report = assessor.assess(instance, clock.instant(), interval.multipliedBy(3));
            SystemHealthReported before = latest.getAndSet(report);
            if (before == null || before.level() != report.level()) {
                log.info("system health {} -> {}: {}", before == null ? "(start)" : before.level(), report.level(),
                        report.operations());
            }
            publisher.publish(Topics.SYSTEM_HEALTH, "router", report);
        } catch (RuntimeException e) {
            log.warn("could not assess or publish the system health; trying again in {}", interval, e);
        }
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
