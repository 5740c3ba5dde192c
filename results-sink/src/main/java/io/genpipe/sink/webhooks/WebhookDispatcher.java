package io.genpipe.sink.webhooks;

import io.genpipe.contracts.webhook.CallbackUrl;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * Every {@code genpipe.webhooks.poll-interval}, on one thread of its own: resolves the deliveries that waited for their
 * job's request, then claims the due ones ({@code batch-size} at a time, until none is left), attempts them all at
 * once and records how each went: delivered, tried again after the back-off, or given up with the reason. Several
 * sink instances share the work through the claim.
 *
 * <p>Without a signing secret nothing is sent: deliveries wait, {@code genpipe.sink.webhooks.signing} is 0 and health
 * ({@code webhooks}) says so, DOWN once any delivery waits for it.
 *
 * <p>Metrics: {@value #DELIVERIES} (tag {@code outcome}: {@code delivered}, {@code retried}, {@code gave_up}) counts
 * attempts by how they ended; {@value #PENDING} is the deliveries not yet delivered nor given up.
 */
class WebhookDispatcher implements SmartLifecycle {

    static final String DELIVERIES = "genpipe.sink.webhooks";
    static final String PENDING = "genpipe.sink.webhooks.pending";
    private static final int MAX_REASON = 500;

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookDeliveries deliveries;
    private final WebhookSender sender;
    private final WebhookSettings settings;
    private final Clock clock;
    private final DoubleSupplier random;
    private final Counter delivered;
    private final Counter retried;
    private final Counter gaveUp;
    private final AtomicLong pending = new AtomicLong();
    private volatile ScheduledExecutorService executor;
    private volatile boolean failing;

    WebhookDispatcher(WebhookDeliveries deliveries, WebhookSender sender, WebhookSettings settings, Clock clock,
                      DoubleSupplier random, MeterRegistry meters) {
        this.deliveries = deliveries;
        this.sender = sender;
        this.settings = settings;
        this.clock = clock;
        this.random = random;
        this.delivered = meters.counter(DELIVERIES, "outcome", "delivered");
        this.retried = meters.counter(DELIVERIES, "outcome", "retried");
        this.gaveUp = meters.counter(DELIVERIES, "outcome", "gave_up");
        meters.gauge(PENDING, pending);
        meters.gauge("genpipe.sink.webhooks.signing", settings, s -> s.signing() ? 1 : 0);
    }

    /** Deliveries not yet delivered nor given up, as of the last poll. */
    long pending() {
        return pending.get();
    }

    /** One poll; public to the package so that a test can drive it without the schedule. */
    void poll() {
        try {
            Instant now = clock.instant();
            deliveries.resolveAwaiting(now, now.minus(settings.retry().maxAge()));
            if (settings.signing()) {
                List<Delivery> claimed;
                do {
                    now = clock.instant();
                    claimed = deliveries.claim(now, settings.batchSize(), now.plus(settings.claim()));
                    attempt(claimed, now);
                } while (claimed.size() == settings.batchSize() && executor != null && !executor.isShutdown());
            }
            pending.set(deliveries.pending());
            if (failing) {
                failing = false;
                log.info("webhook deliveries resumed");
            }
        } catch (DataAccessException e) {
            // The recording health says the database is down; one line here, not one per poll.
            if (!failing) {
                failing = true;
                log.warn("webhook deliveries paused: the database is unavailable ({})", e.getMostSpecificCause()
                        .getClass().getSimpleName());
            }
        } catch (RuntimeException e) {
            log.error("webhook poll failed", e);
        }
    }

    /** All at once; the results are recorded on this thread, one by one, as the attempts end. */
    private void attempt(List<Delivery> claimed, Instant now) {
        List<CompletableFuture<Attempted>> inFlight = new ArrayList<>(claimed.size());
        for (Delivery delivery : claimed) {
            inFlight.add(attemptOne(delivery, now));
        }
        for (int i = 0; i < claimed.size(); i++) {
            record(claimed.get(i), inFlight.get(i).join());
        }
    }

    private CompletableFuture<Attempted> attemptOne(Delivery delivery, Instant now) {
        try {
            return sender.attempt(delivery, now);
        } catch (RuntimeException e) {
            // A delivery that cannot even be attempted would otherwise come back after every claim, for ever.
            return CompletableFuture.completedFuture(new Attempted.Refused("cannot be sent: " + e.getMessage()));
        }
    }

    private void record(Delivery delivery, Attempted result) {
        Instant now = clock.instant();
        // Java 17: no pattern switch yet; the three cases of the sealed Attempted.
        if (result instanceof Attempted.Delivered ok) {
            deliveries.delivered(delivery, ok.status(), now);
            delivered.increment();
        } else if (result instanceof Attempted.Failed failed) {
            String reason = truncated(failed.reason());
            Optional<Instant> next = settings.retry().next(delivery.attempt(), delivery.createdAt(), now,
                    random.getAsDouble());
            if (next.isPresent()) {
                deliveries.retryAt(delivery, failed.status(), reason, next.get());
                retried.increment();
            } else {
                giveUp(delivery, failed.status(), "gave up after " + delivery.attempt() + " attempts: " + reason);
            }
        } else if (result instanceof Attempted.Refused refused) {
            giveUp(delivery, null, "refused: " + truncated(refused.reason()));
        }
    }

    private void giveUp(Delivery delivery, Integer status, String reason) {
        deliveries.gaveUp(delivery, status, reason);
        gaveUp.increment();
        log.warn("webhook of job {} to {} given up: {}", delivery.jobId(), CallbackUrl.redacted(delivery.callbackUrl()),
                reason);
    }

    private static String truncated(String reason) {
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 3) + "...";
    }

    @Override
    public void start() {
        if (!settings.signing()) {
            log.warn("no webhook signing secret (genpipe.webhooks.signing-secret, GENPIPE_WEBHOOK_SECRET): webhooks are"
                    + " recorded but not delivered until one is set");
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "webhooks");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
        executor = scheduler;
    }

    @Override
    public void stop() {
        ScheduledExecutorService scheduler = executor;
        executor = null;
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                // An attempt in flight ends within the read timeout; its delivery is retried after its claim if not.
                if (!scheduler.awaitTermination(settings.readTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                    scheduler.shutdownNow();
                }
            } catch (InterruptedException e) {
                scheduler.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
