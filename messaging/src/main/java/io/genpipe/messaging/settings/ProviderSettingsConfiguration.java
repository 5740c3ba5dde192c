package io.genpipe.messaging.settings;

import io.genpipe.catalog.LiveCatalog;
import io.genpipe.contracts.event.ProviderSettings;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.CompactedTopicReader;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

/** Import it into a service that obeys the operators' runtime settings: a view kept current from their topic. */
@Configuration(proxyBeanMethods = false)
public class ProviderSettingsConfiguration {

    @Bean
    public ProviderSettingsView providerSettingsView() {
        return new ProviderSettingsView();
    }

    /**
     * Keeps the view current, and a service's {@link LiveCatalog}, where it has one, with the operators' quality-preset
     * choices of the settings in force: the router routes presets and the ingress checks and lists them alike.
     */
    @Bean
    CompactedTopicReader<ProviderSettings> providerSettingsReader(ProviderSettingsView view, KafkaProperties kafka,
                                                                  ObjectProvider<LiveCatalog> catalog) {
        return new CompactedTopicReader<>(Topics.PROVIDER_SETTINGS, kafka, (provider, settings) -> {
            view.record(settings);
            catalog.ifAvailable(live -> live.applyPresets(provider,
                    view.of(provider).map(ProviderSettings::presets).orElse(Map.of())));
        }, provider -> {
            view.forget(provider);
            catalog.ifAvailable(live -> live.applyPresets(provider, Map.of()));
        });
    }
}
