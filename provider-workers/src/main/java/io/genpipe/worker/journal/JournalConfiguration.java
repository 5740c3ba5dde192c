package io.genpipe.worker.journal;

import io.genpipe.messaging.MessagingSettings;
import io.genpipe.worker.provider.LongCalls;
import io.genpipe.worker.provider.ServedProviders;
import io.genpipe.worker.provider.WorkerSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

@Configuration(proxyBeanMethods = false)
class JournalConfiguration {

    /**
     * One journal topic per served provider, with its dispatch topic's partition count (a record goes to its
     * dispatch's partition number), compacted (one record per attempt) and deleted after the retention, so that
     * reading a partition at assignment stays short.
     */
    @Bean
    KafkaAdmin.NewTopics journalTopics(ServedProviders providers, MessagingSettings messaging,
                                       JournalSettings settings) {
        Map<String, Duration> retentions = retentions(providers, settings);
        return new KafkaAdmin.NewTopics(providers.names().stream()
                .map(provider -> TopicBuilder.name(VendorRequestJournal.topic(provider).name())
                        .partitions(messaging.partitions())
                        .replicas(messaging.replicationFactor())
                        .config(TopicConfig.CLEANUP_POLICY_CONFIG,
                                TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE)
                        .config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentions.get(provider).toMillis()))
                        .config(TopicConfig.SEGMENT_MS_CONFIG,
                                Long.toString(Math.max(60_000, retentions.get(provider).toMillis() / 10)))
                        .build())
                .toArray(NewTopic[]::new));
    }

    @Bean
    JournalMeters journalMeters(MeterRegistry registry, ServedProviders providers) {
        JournalMeters meters = new JournalMeters(registry);
        meters.registerLost(providers.names());
        return meters;
    }

    @Bean
    VendorRequestJournal vendorRequestJournal(WorkerSettings workers, KafkaTemplate<String, Object> kafkaTemplate,
                                              KafkaProperties kafka, JournalSettings settings, Clock clock,
                                              JournalMeters meters, ScheduledExecutorService workerScheduler,
                                              ServedProviders providers) {
        VendorRequestJournal journal = new VendorRequestJournal(workers.instance(), kafkaTemplate,
                kafka.buildConsumerProperties(), settings, retentions(providers, settings), clock, meters);
        meters.rememberedGauge(journal::remembered);
        workerScheduler.scheduleWithFixedDelay(journal::sweep, 10, 10, TimeUnit.SECONDS);
        return journal;
    }

    /** Each provider's retention: longer than the longest call its models may make (a training's hours). */
    private static Map<String, Duration> retentions(ServedProviders providers, JournalSettings settings) {
        Map<String, Duration> retentions = new HashMap<>();
        providers.all().forEach(provider -> retentions.put(provider.name(),
                settings.retentionFor(LongCalls.longest(provider))));
        return retentions;
    }
}
