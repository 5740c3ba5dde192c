package io.genpipe.sink.webhooks;

import io.genpipe.contracts.webhook.CallbackPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/** The webhook delivery: {@code genpipe.webhooks.*}, the sender, the dispatcher and its health. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookSettings.class)
class WebhooksConfiguration {

    @Bean
    WebhookDispatcher webhookDispatcher(WebhookDeliveries deliveries, WebhookSettings settings, Clock clock,
                                        MeterRegistry meters) {
        return new WebhookDispatcher(deliveries, new WebhookSender(settings, CallbackPolicy.DNS), settings, clock,
                () -> ThreadLocalRandom.current().nextDouble(), meters);
    }

    @Bean("webhooks")
    WebhooksHealth webhooksHealth(WebhookDispatcher dispatcher, WebhookSettings settings) {
        return new WebhooksHealth(dispatcher, settings);
    }
}
