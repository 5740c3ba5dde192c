package io.genpipe.ingress.outcomes;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Instant;

/** The waiters and the one reader of the outcomes topic that completes them. */
@Configuration(proxyBeanMethods = false)
class OutcomesConfiguration {

    @Bean
    OutcomeWaiters outcomeWaiters() {
        return new OutcomeWaiters();
    }

    @Bean
    OutcomeReader outcomeReader(OutcomeWaiters waiters, KafkaProperties kafka) {
        // The broker's clock domain, on purpose: see OutcomeReader.
        return new OutcomeReader(waiters, kafka, Instant.now());
    }
}
