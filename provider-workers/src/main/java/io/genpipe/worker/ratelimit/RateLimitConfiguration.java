package io.genpipe.worker.ratelimit;

import io.genpipe.worker.provider.ServedProviders;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.ScheduledExecutorService;

@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    AccountLimits accountLimits(ServedProviders providers, ScheduledExecutorService workerScheduler,
                                MeterRegistry meterRegistry) {
        return new AccountLimits(providers, workerScheduler, meterRegistry);
    }
}
