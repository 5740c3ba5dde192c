package io.genpipe.sink.webhooks;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health {@code webhooks}: UP with the deliveries pending. Without a signing secret nothing is delivered: still UP
 * while no job asked for a webhook (a sink whose callers use none is not unhealthy), DOWN once deliveries wait for it,
 * and either way the details say so.
 */
class WebhooksHealth implements HealthIndicator {

    private final WebhookDispatcher dispatcher;
    private final WebhookSettings settings;

    WebhooksHealth(WebhookDispatcher dispatcher, WebhookSettings settings) {
        this.dispatcher = dispatcher;
        this.settings = settings;
    }

    @Override
    public Health health() {
        long pending = dispatcher.pending();
        if (settings.signing()) {
            return Health.up().withDetail("signing", "configured").withDetail("pending", pending).build();
        }
        Health.Builder health = pending > 0 ? Health.down() : Health.up();
        return health.withDetail("signing", "not configured: set genpipe.webhooks.signing-secret"
                        + " (GENPIPE_WEBHOOK_SECRET); nothing is delivered until then")
                .withDetail("pending", pending).build();
    }
}
