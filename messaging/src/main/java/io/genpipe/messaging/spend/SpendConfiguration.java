package io.genpipe.messaging.spend;

import io.genpipe.contracts.event.SpendSnapshot;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.messaging.CompactedTopicReader;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Import it into a service that holds providers or tenants to their budgets: a view kept current from the sink. */
@Configuration(proxyBeanMethods = false)
public class SpendConfiguration {

    @Bean
    public SpendView spendView() {
        return new SpendView();
    }

    @Bean
    CompactedTopicReader<SpendSnapshot> spendReader(SpendView view, KafkaProperties kafka) {
        return new CompactedTopicReader<>(Topics.SPEND, kafka, (key, snapshot) -> view.record(snapshot), view::forget);
    }
}
