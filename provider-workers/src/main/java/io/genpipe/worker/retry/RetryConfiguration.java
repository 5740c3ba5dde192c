package io.genpipe.worker.retry;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.ScheduledExecutorService;

@Configuration(proxyBeanMethods = false)
class RetryConfiguration {

    @Bean
    Retries retries(ScheduledExecutorService workerScheduler, MeterRegistry meterRegistry) {
        return new Retries(workerScheduler, meterRegistry);
    }
}
