package io.genpipe.messaging.settings;

import io.genpipe.contracts.event.ProviderSettings;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.CompactedTopicReader;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Import it into a service that obeys the operators' runtime settings: a view kept current from their topic. */
@Configuration(proxyBeanMethods = false)
public class ProviderSettingsConfiguration {

    @Bean
    public ProviderSettingsView providerSettingsView() {
        return new ProviderSettingsView();
    }

    @Bean
    CompactedTopicReader<ProviderSettings> providerSettingsReader(ProviderSettingsView view, KafkaProperties kafka) {
        return new CompactedTopicReader<>(Topics.PROVIDER_SETTINGS, kafka, (provider, settings) -> view.record(settings),
                view::forget);
    }
}
