package io.genpipe.messaging.health;

import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.CompactedTopicReader;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Import it into a service that needs every provider's health: a view kept current from the health topic. */
@Configuration(proxyBeanMethods = false)
public class ProviderHealthConfiguration {

    @Bean
    public ProviderHealthView providerHealthView() {
        return new ProviderHealthView();
    }

    @Bean
    CompactedTopicReader<ProviderHealth> providerHealthReader(ProviderHealthView view, KafkaProperties kafka) {
        return new CompactedTopicReader<>(Topics.PROVIDER_HEALTH, kafka, (key, report) -> view.record(report),
                view::forget);
    }
}
