package io.genpipe.ingress.idempotency;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Deletes expired keys now and then, so the table holds one retention's worth of keys and no more. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdempotencySettings.class)
class IdempotencyConfiguration implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyConfiguration.class);

    private final IdempotentSubmissions submissions;
    private final IdempotencySettings settings;
    private volatile ScheduledExecutorService purge;

    IdempotencyConfiguration(IdempotentSubmissions submissions, IdempotencySettings settings) {
        this.submissions = submissions;
        this.settings = settings;
    }

    @Override
    public void start() {
        purge = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "idempotency-purge");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.purgeEvery().toMillis();
        purge.scheduleWithFixedDelay(this::purge, every, every, TimeUnit.MILLISECONDS);
    }

    private void purge() {
        try {
            int deleted = submissions.purgeExpired();
            if (deleted > 0) {
                log.debug("deleted {} expired idempotency keys", deleted);
            }
        } catch (DataAccessException e) {
            // Expired keys never match anyway (the claim takes them over); the next round deletes them.
            log.warn("could not delete expired idempotency keys: {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = purge;
        if (running != null) {
            running.shutdownNow();
        }
        purge = null;
    }

    @Override
    public boolean isRunning() {
        return purge != null;
    }
}
