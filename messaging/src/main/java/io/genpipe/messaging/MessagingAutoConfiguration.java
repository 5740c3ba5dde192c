package io.genpipe.messaging;

import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.tracing.JobTopics;
import io.genpipe.messaging.tracing.MessageTracing;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

import java.util.HashMap;
import java.util.Map;

/**
 * Makes every service read and write the contract the same way: contract JSON values, string keys,
 * idempotent acks=all producers, consumers that start from the earliest record of a new group, the DLQ error
 * handler, and the shared topics declared so they exist before anyone produces to them.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(MessagingSettings.class)
public class MessagingAutoConfiguration {

    static final int PRODUCER_CLOSE_TIMEOUT_SECONDS = 3;

    @Bean
    DefaultKafkaProducerFactoryCustomizer contractProducer() {
        return factory -> {
            // Never a 202, an outcome or an attempt that the broker might still lose.
            factory.updateConfigs(Map.of(
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ContractSerializer.class));
            // Everything that must be delivered was awaited before the service stops (listeners return after the
            // broker's ack; workers drain). What a closing producer still holds is best effort, such as health
            // tombstones: waiting spring-kafka's default 30 s for a broker that is gone only delays the stop.
            factory.setPhysicalCloseTimeout(PRODUCER_CLOSE_TIMEOUT_SECONDS);
        };
    }

    @Bean
    DefaultKafkaConsumerFactoryCustomizer contractConsumer() {
        return factory -> {
            Map<String, Object> configs = new HashMap<>();
            configs.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            configs.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ErrorHandlingDeserializer.class);
            configs.put(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS, ContractDeserializer.class);
            // A new consumer group must see the jobs written before it first started.
            if (!factory.getConfigurationProperties().containsKey(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG)) {
                configs.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            }
            factory.updateConfigs(configs);
        };
    }

    @Bean
    EventPublisher eventPublisher(KafkaTemplate<String, Object> kafkaTemplate) {
        return new EventPublisher(kafkaTemplate);
    }

    /** The job's trace across the hops spring-kafka does not observe; a no-op where no tracer is configured. */
    @Bean
    MessageTracing messageTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        Tracer available = tracer.getIfAvailable();
        Propagator propagation = propagator.getIfAvailable();
        return available == null || propagation == null ? MessageTracing.NONE
                : new MessageTracing(available, propagation);
    }

    /**
     * Only a job's own records are traced when a template sends them: health reports, spend snapshots and the like
     * are sent every few seconds by no request, and as traces of their own would bury the jobs'.
     */
    @Bean
    ObservationPredicate jobRecordsOnly() {
        return (name, context) -> !(context instanceof KafkaRecordSenderContext sent)
                || JobTopics.carriesJobs(sent.getDestination());
    }

    @Bean
    CommonErrorHandler deadLetterErrorHandler(DeadLetters deadLetters) {
        return deadLetters.newErrorHandler();
    }

    @Bean
    DeadLetters deadLetters(KafkaProperties kafka, MessagingSettings settings) {
        Map<String, Object> configs = new HashMap<>(kafka.buildProducerProperties());
        configs.put(ProducerConfig.ACKS_CONFIG, "all");
        configs.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        DefaultKafkaProducerFactory<Object, Object> factory =
                new DefaultKafkaProducerFactory<>(configs, new DeadLetterSerializer(), new DeadLetterSerializer());
        return new DeadLetters(new KafkaTemplate<>(factory), settings.retry());
    }

    @Bean
    KafkaAdmin.NewTopics genpipeTopics(TopicDeclarations topics) {
        return new KafkaAdmin.NewTopics(
                topics.declare(Topics.JOBS),
                topics.declare(Topics.ATTEMPTS),
                topics.declare(Topics.OUTCOMES),
                topics.declare(Topics.DLQ),
                topics.declare(Topics.ALERTS),
                topics.declare(Topics.PROGRESS),
                topics.compacted(Topics.PROVIDER_HEALTH),
                topics.compacted(Topics.MODEL_LIFECYCLE),
                topics.compacted(Topics.PROVIDER_SETTINGS),
                topics.compacted(Topics.SYSTEM_HEALTH),
                topics.compacted(Topics.SPEND));
    }

    @Bean
    TopicDeclarations topicDeclarations(MessagingSettings settings) {
        return new TopicDeclarations(settings);
    }
}
