package io.genpipe.router.health;

import io.genpipe.messaging.health.ProviderHealthConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The router skips providers their workers report DOWN: it reads the health topic (see messaging). */
@Configuration(proxyBeanMethods = false)
@Import(ProviderHealthConfiguration.class)
class HealthConfiguration {
}
