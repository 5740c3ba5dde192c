package io.genpipe.messaging;

import io.genpipe.contracts.topic.Topic;
import io.genpipe.contracts.topic.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Declares topics with the configured partitions and replicas. Services declare what they write to, and
 * Spring's KafkaAdmin creates what is missing at start-up; existing topics are left as they are.
 */
public class TopicDeclarations {

    private final MessagingSettings settings;

    public TopicDeclarations(MessagingSettings settings) {
        this.settings = settings;
    }

    public NewTopic declare(Topic<?, ?> topic) {
        return builder(topic).build();
    }

    public NewTopic compacted(Topic<?, ?> topic) {
        return builder(topic).config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT).build();
    }

    /** The dispatch topic of one provider, read by that provider's worker group. */
    public NewTopic dispatch(String provider) {
        return declare(Topics.dispatch(provider));
    }

    private TopicBuilder builder(Topic<?, ?> topic) {
        return TopicBuilder.name(topic.name())
                .partitions(settings.partitions())
                .replicas(settings.replicationFactor());
    }
}
