package io.genpipe.router.routing;

import io.genpipe.messaging.TopicDeclarations;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** The router writes to every configured provider's dispatch topic, so it makes sure they exist. */
@Configuration(proxyBeanMethods = false)
class RoutingTopics {

    @Bean
    KafkaAdmin.NewTopics dispatchTopics(RoutingSettings settings, TopicDeclarations topics) {
        return new KafkaAdmin.NewTopics(settings.providers().stream().map(topics::dispatch)
                .toArray(NewTopic[]::new));
    }
}
