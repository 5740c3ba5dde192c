package io.genpipe.messaging.health;

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
    HealthTopicReader healthTopicReader(ProviderHealthView view, KafkaProperties kafka) {
        return new HealthTopicReader(view, kafka);
    }
}
