package io.genpipe.router.health;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    @Bean
    ProviderHealthView providerHealthView() {
        return new ProviderHealthView();
    }
}
