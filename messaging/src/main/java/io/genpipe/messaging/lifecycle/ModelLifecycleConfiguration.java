package io.genpipe.messaging.lifecycle;

import io.genpipe.catalog.LiveCatalog;
import io.genpipe.contracts.event.ModelLifecycleReported;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.CompactedTopicReader;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Import it into a service that routes or lists models: the catalog then learns the shutdown dates vendors
 * publish (read by their workers onto the lifecycle topic) without a redeploy.
 */
@Configuration(proxyBeanMethods = false)
public class ModelLifecycleConfiguration {

    @Bean
    CompactedTopicReader<ModelLifecycleReported> modelLifecycleReader(LiveCatalog catalog, KafkaProperties kafka) {
        return new CompactedTopicReader<>(Topics.MODEL_LIFECYCLE, kafka, (key, report) -> catalog.apply(report),
                key -> { });
    }
}
