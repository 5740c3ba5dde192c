package io.genpipe.worker.dispatch;

import io.genpipe.messaging.DeadLetters;
import io.genpipe.messaging.EventPublisher;
import io.genpipe.messaging.tracing.MessageTracing;
import io.genpipe.messaging.TopicDeclarations;
import io.genpipe.worker.adapter.VendorAdapters;
import io.genpipe.worker.health.ProviderCircuits;
import io.genpipe.worker.journal.JournalMeters;
import io.genpipe.worker.journal.VendorRequestJournal;
import io.genpipe.worker.provider.ServedProvider;
import io.genpipe.worker.provider.ServedProviders;
import io.genpipe.worker.provider.WorkerSettings;
import io.genpipe.worker.ratelimit.AccountLimits;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

@Configuration(proxyBeanMethods = false)
class DispatchConfiguration {

    @Bean
    KafkaAdmin.NewTopics dispatchTopics(TopicDeclarations topics, ServedProviders providers) {
        return new KafkaAdmin.NewTopics(providers.names().stream().map(topics::dispatch).toArray(NewTopic[]::new));
    }

    @Bean
    ResultPublisher resultPublisher(EventPublisher publisher, MessageTracing tracing,
                                    ScheduledExecutorService workerScheduler) {
        return new ResultPublisher(publisher, tracing, workerScheduler, Duration.ofMillis(200),
                Duration.ofSeconds(10));
    }

    /** Progress of long-running attempts, counted in {@code genpipe.worker.progress{outcome}}. */
    @Bean
    ProgressPublisher progressPublisher(EventPublisher publisher, Clock clock, MeterRegistry meterRegistry) {
        return new ProgressPublisher(publisher, clock, meterRegistry);
    }

    /**
     * The calls in flight, per provider: the clean stop drains them, health reports carry them, and the gauge
     * {@code genpipe.worker.calls.in-flight} (tag {@code provider}) shows them.
     */
    @Bean
    InFlightCalls inFlightCalls(ServedProviders providers, MeterRegistry meterRegistry) {
        InFlightCalls inFlight = new InFlightCalls();
        inFlight.registerGauges(meterRegistry, providers.names());
        return inFlight;
    }

    @Bean
    DispatchConsumers dispatchConsumers(ConcurrentKafkaListenerContainerFactory<?, ?> kafkaListenerContainerFactory,
                                        ServedProviders providers, VendorAdapters adapters, ProviderCircuits circuits,
                                        ResultPublisher resultPublisher, DeadLetters deadLetters,
                                        InFlightCalls inFlight, WorkerSettings settings, Clock clock,
                                        VendorRequestJournal journal, JournalMeters journalMeters,
                                        AccountLimits limits, ProgressPublisher progress,
                                        MeterRegistry meterRegistry, MessageTracing tracing) {
        Map<String, DispatchListener> listeners = new LinkedHashMap<>();
        for (ServedProvider provider : providers.all()) {
            AttemptRunner runner = new AttemptRunner(provider.catalog(), adapters.of(provider.name()),
                    circuits.of(provider.name()), provider.settings().attemptTimeout(), progress, clock);
            InFlightLimit limit = new InFlightLimit(settings.maxInFlight());
            limits.onBacklog(provider.name(), limit::throttled);
            listeners.put(provider.name(), new DispatchListener(provider.name(), runner, resultPublisher, inFlight,
                    limit, journal, journalMeters, limits, new AttemptMeters(meterRegistry, provider.catalog()),
                    tracing));
        }
        return new DispatchConsumers(kafkaListenerContainerFactory, listeners, inFlight, resultPublisher,
                deadLetters, settings.drainTimeout(), settings.idleBetweenPolls());
    }
}
