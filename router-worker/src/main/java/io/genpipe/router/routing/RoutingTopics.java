package io.genpipe.router.routing;

import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.messaging.TopicDeclarations;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** The router may write to the dispatch topic of every provider in the catalog (a job may name a model no route lists), so it makes sure they exist. */
@Configuration(proxyBeanMethods = false)
class RoutingTopics {

    @Bean
    KafkaAdmin.NewTopics dispatchTopics(Catalog catalog, TopicDeclarations topics) {
        return new KafkaAdmin.NewTopics(catalog.providers().keySet().stream().map(topics::dispatch)
                .toArray(NewTopic[]::new));
    }
}
