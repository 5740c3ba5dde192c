package io.genpipe.sink.alerts;

import io.genpipe.messaging.health.ProviderHealthConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The evaluator's tick, and the view of {@code genpipe.provider-health.v1} the primary provider's rule reads. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(AlertSettings.class)
@Import(ProviderHealthConfiguration.class)
class AlertsConfiguration {
}
