package io.genpipe.router.streams;

import io.genpipe.contracts.topic.Topic;
import io.genpipe.messaging.CompactedTopicReader;
import io.genpipe.messaging.MessagingSettings;
import io.genpipe.messaging.TopicDeclarations;
import io.genpipe.messaging.settings.ProviderSettingsView;
import io.genpipe.messaging.tracing.MessageTracing;
import io.genpipe.router.budget.TenantBudgets;
import io.genpipe.router.cooldown.CooldownRules;
import io.genpipe.router.cooldown.CooldownSettings;
import io.genpipe.router.cooldown.CooldownView;
import io.genpipe.router.cooldown.ProviderCooldown;
import io.genpipe.router.observed.Observations;
import io.genpipe.router.routing.RoutingSettings;
import io.genpipe.router.tracking.JobTracker;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Wires the router's topology: its settings from {@code spring.kafka.streams.*} (Spring Boot's keys) on top of the
 * router's defaults, its ticks topic, its meters and its health.
 */
@Configuration(proxyBeanMethods = false)
class RouterStreamsConfiguration {

    static final String APPLICATION_ID = "genpipe.router";
    static final Topic<String, ProviderCooldown> COOLDOWNS = new Topic<>(RouterTopology.COOLDOWNS, String.class,
            ProviderCooldown.class, "provider");

    @Bean
    RouterMetrics routerMetrics(MeterRegistry registry) {
        return new RouterMetrics(registry);
    }

    @Bean
    NewTopic routerTicksTopic(TopicDeclarations topics) {
        return topics.declare(new Topic<>(RouterTopology.TICKS, String.class, Object.class, "job id"));
    }

    @Bean
    NewTopic routerCooldownsTopic(TopicDeclarations topics) {
        return topics.compacted(COOLDOWNS);
    }

    @Bean
    CooldownView cooldownView() {
        return new CooldownView();
    }

    @Bean
    CompactedTopicReader<ProviderCooldown> cooldownReader(CooldownView view, KafkaProperties kafka) {
        return new CompactedTopicReader<>(COOLDOWNS, kafka, (provider, cooldown) -> view.record(cooldown),
                view::forget);
    }

    @Bean
    RouterStreams routerStreams(JobTracker tracker, RoutingSettings settings, CooldownSettings cooldowns,
                                TenantBudgets budgets, RouterMetrics metrics, Clock clock, KafkaProperties kafka,
                                MessagingSettings messaging, MeterRegistry meters, ProviderSettingsView operators,
                                Observations observations, MessageTracing tracing, CooldownView standings) {
        CooldownRules rules = new CooldownRules(cooldowns, operators::of);
        BudgetMeters budgetMeters = new BudgetMeters(meters);
        var topology = RouterTopology.build(() -> new RoutingProcessor(tracker, settings, metrics, clock, observations,
                        tracing),
                () -> new CooldownProcessor(rules, settings.timerInterval(), meters, clock),
                () -> new BudgetProcessor(budgets, budgetMeters, clock), budgets::gates,
                provider -> standings.of(provider).map(c -> c.state() != ProviderCooldown.State.AVAILABLE)
                        .orElse(false), messaging.partitions());
        return new RouterStreams(topology, streamsConfig(kafka, messaging), meters);
    }

    @Bean
    HealthIndicator routerStreamsHealth(RouterStreams streams) {
        return () -> (streams.isWorking() ? Health.up() : Health.down())
                .withDetail("streams", streams.state().name()).build();
    }

    /**
     * At-least-once, with deterministic ids and replay checks instead of transactions (see the README for the
     * measurement); commits every second so a crash repeats at most a second of decisions; one record in flight per
     * partition is not waited for, but the producer sends without lingering, since every hop adds to a job's latency.
     */
    static Map<String, Object> streamsConfig(KafkaProperties kafka, MessagingSettings messaging) {
        Map<String, Object> config = new HashMap<>();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) messaging.replicationFactor());
        config.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        config.putAll(kafka.buildStreamsProperties()); // what the operator sets wins
        return config;
    }
}
