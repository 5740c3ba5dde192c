package io.genpipe.sink.following;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One thread that, every {@link FollowSettings#interval}, runs the checks of what clients wait for, so that no request
 * thread waits: a waiting request is a {@code DeferredResult} or an {@code SseEmitter} until a check completes it.
 * It also counts the followers against {@link FollowSettings#maxFollowers}, shown as
 * {@code genpipe.sink.followers}.
 */
@Component
@EnableConfigurationProperties(FollowSettings.class)
public class FollowTicks implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(FollowTicks.class);

    private final FollowSettings settings;
    private final AtomicInteger followers = new AtomicInteger();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sink-follow");
        thread.setDaemon(true);
        return thread;
    });

    FollowTicks(FollowSettings settings, MeterRegistry meters) {
        this.settings = settings;
        Gauge.builder("genpipe.sink.followers", followers, AtomicInteger::get)
                .description("Clients waiting for a job to end or following a batch").register(meters);
    }

    public FollowSettings settings() {
        return settings;
    }

    /** Runs {@code check} every interval; a check that throws is logged and runs again at the next. */
    public void every(String name, Runnable check) {
        long millis = settings.interval().toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                check.run();
            } catch (RuntimeException e) {
                // The database may be down: the waiting clients time out with what was last known.
                log.warn("{} check failed, trying again in {} ms: {}", name, millis, e.toString());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Takes a follower's place; false when this instance holds as many as it may. */
    public boolean admit() {
        if (followers.incrementAndGet() > settings.maxFollowers()) {
            followers.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Gives back a follower's place, when its wait or stream ends. */
    public void release() {
        followers.decrementAndGet();
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
