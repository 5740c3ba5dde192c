package io.genpipe.ingress.health;

import io.genpipe.messaging.health.ProviderHealthConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The ingress reads every provider's health from the compacted health topic (see messaging), to say which models
 * are available now and which candidate the router would choose.
 */
@Configuration(proxyBeanMethods = false)
@Import(ProviderHealthConfiguration.class)
class HealthConfiguration {
}
