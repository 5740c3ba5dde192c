package io.genpipe.ingress.admin;

import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.TopicDeclarations;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

import java.util.Map;

/**
 * The admin API reads the settings topic itself ({@link SettingsLog}) and owns the audit topic: only the ingress writes
 * and reads it, so it declares it, kept without a time limit (an audit trail that expires is no audit trail; a few
 * records a day cost nothing). An operator may give it a retention on the broker.
 */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

    @Bean
    SettingsLog settingsLog(KafkaProperties kafka) {
        return new SettingsLog(kafka);
    }

    @Bean
    KafkaAdmin.NewTopics adminTopics(TopicDeclarations topics) {
        NewTopic audit = topics.declare(Topics.ADMIN_AUDIT);
        audit.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"));
        return new KafkaAdmin.NewTopics(audit);
    }
}
