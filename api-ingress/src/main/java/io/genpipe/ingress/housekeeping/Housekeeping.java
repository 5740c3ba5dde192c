package io.genpipe.ingress.housekeeping;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes every {@link ExpiringRows}' expired rows on its own schedule, on one daemon thread, so each table holds
 * one retention's worth of rows and no more. Expired rows never match a lookup anyway: a failed round only delays.
 */
@Component
class Housekeeping implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final List<ExpiringRows> tables;
    private volatile ScheduledExecutorService purge;

    Housekeeping(List<ExpiringRows> tables) {
        this.tables = tables;
    }

    @Override
    public void start() {
        purge = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ingress-housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        for (ExpiringRows table : tables) {
            long every = table.purgeEvery().toMillis();
            purge.scheduleWithFixedDelay(() -> purge(table), every, every, TimeUnit.MILLISECONDS);
        }
    }

    private static void purge(ExpiringRows table) {
        try {
            int deleted = table.purgeExpired();
            if (deleted > 0) {
                log.debug("deleted {} expired {}", deleted, table.what());
            }
        } catch (DataAccessException e) {
            log.warn("could not delete expired {}: {}", table.what(), e.getMessage());
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
