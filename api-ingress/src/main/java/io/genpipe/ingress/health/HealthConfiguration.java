package io.genpipe.ingress.health;

import io.genpipe.contracts.event.SystemHealthReported;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.CompactedTopicReader;
import io.genpipe.messaging.health.ProviderHealthConfiguration;
import io.genpipe.messaging.lifecycle.ModelLifecycleConfiguration;
import io.genpipe.messaging.settings.ProviderSettingsConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The ingress reads every provider's health from the compacted health topic, to say which models are available now
 * and which candidate the router would choose, the shutdown dates vendors publish and the operators' settings, whose
 * quality-preset choices it checks and lists jobs' presets by as the router routes them (the three topics: see
 * messaging); and the router's system health level, for {@code GET /v1/providers/health}.
 */
@Configuration(proxyBeanMethods = false)
@Import({ProviderHealthConfiguration.class, ModelLifecycleConfiguration.class, ProviderSettingsConfiguration.class})
class HealthConfiguration {

    @Bean
    SystemHealthView systemHealthView() {
        return new SystemHealthView();
    }

    @Bean
    CompactedTopicReader<SystemHealthReported> systemHealthReader(SystemHealthView view, KafkaProperties kafka) {
        return new CompactedTopicReader<>(Topics.SYSTEM_HEALTH, kafka, (key, report) -> view.record(report),
                key -> view.forget());
    }
}
