package io.genpipe.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the services use Kafka, beyond spring.kafka.*.
 *
 * @param partitions        partitions of each topic the services create (existing topics are left alone)
 * @param replicationFactor replicas of each topic the services create: 1 for one local broker, 3 in production
 * @param retry             how a record whose processing threw is retried before it goes to the DLQ
 */
@ConfigurationProperties("genpipe.kafka")
public record MessagingSettings(
        @DefaultValue("6") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue Retry retry) {

    /**
     * Records that break the contract skip this and go to the DLQ at once; anything else (a database that is
     * down, a broker that is failing over) is retried with exponential back-off first.
     *
     * @param initialInterval first wait
     * @param maxInterval     longest wait
     * @param maxAttempts     retries before the record goes to the DLQ
     */
    public record Retry(
            @DefaultValue("500ms") Duration initialInterval,
            @DefaultValue("30s") Duration maxInterval,
            @DefaultValue("10") int maxAttempts) {
    }
}
