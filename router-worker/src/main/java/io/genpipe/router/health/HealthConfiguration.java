package io.genpipe.router.health;

import io.genpipe.messaging.health.ProviderHealthConfiguration;
import io.genpipe.messaging.lifecycle.ModelLifecycleConfiguration;
import io.genpipe.messaging.settings.ProviderSettingsConfiguration;
import io.genpipe.messaging.spend.SpendConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The router skips providers their workers report DOWN or operators disabled, and models their vendors have shut
 * down: it reads the health, provider-settings and model-lifecycle topics (see messaging).
 */
@Configuration(proxyBeanMethods = false)
@Import({ProviderHealthConfiguration.class, ModelLifecycleConfiguration.class, ProviderSettingsConfiguration.class,
        SpendConfiguration.class})
class HealthConfiguration {
}
