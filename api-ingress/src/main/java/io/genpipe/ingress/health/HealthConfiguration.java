package io.genpipe.ingress.health;

import io.genpipe.messaging.health.ProviderHealthConfiguration;
import io.genpipe.messaging.lifecycle.ModelLifecycleConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The ingress reads every provider's health from the compacted health topic, to say which models are available now
 * and which candidate the router would choose, and the shutdown dates vendors publish (both topics: see messaging).
 */
@Configuration(proxyBeanMethods = false)
@Import({ProviderHealthConfiguration.class, ModelLifecycleConfiguration.class})
class HealthConfiguration {
}
