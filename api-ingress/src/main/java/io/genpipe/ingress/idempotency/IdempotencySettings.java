package io.genpipe.ingress.idempotency;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code genpipe.ingress.idempotency.*}.
 *
 * @param retention how long a key is remembered; after it the same key starts a new job
 * @param purgeEvery how often keys older than the retention are deleted
 */
@ConfigurationProperties("genpipe.ingress.idempotency")
public record IdempotencySettings(@DefaultValue("24h") Duration retention, @DefaultValue("10m") Duration purgeEvery) {
}
