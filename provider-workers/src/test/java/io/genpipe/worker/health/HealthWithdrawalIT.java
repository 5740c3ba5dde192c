package io.genpipe.worker.health;

import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.simulator.Vendor;
import io.genpipe.worker.ProviderWorkersApplication;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** An instance that stops withdraws its health reports, so routers stop counting it at once. */
class HealthWithdrawalIT {

    @Test
    void aStoppingInstanceLeavesATombstoneForEachReport() {
        TestInfrastructure infra = TestInfrastructure.shared();
        String instance = infra.uniqueName("withdrawing");
        String key = "fal/" + instance;
        ConfigurableApplicationContext worker = ProviderWorkersApplication.builder().run(
                "--spring.kafka.bootstrap-servers=" + infra.kafkaBootstrapServers(),
                "--server.port=0",
                "--genpipe.workers.instance=" + instance,
                "--genpipe.workers.serve=fal",
                "--genpipe.workers.health.heartbeat=1s",
                "--genpipe.catalog.providers.fal.base-url=" + infra.simulator().baseUrl(Vendor.FAL),
                "--FAL_KEY=test-key");
        try (KafkaTopicReader health = new KafkaTopicReader(infra.kafkaBootstrapServers(), Topics.PROVIDER_HEALTH.name())) {
            assertThat(health.awaitFirst(record -> key.equals(record.key()) && record.value() != null,
                    Duration.ofSeconds(20)).value()).isNotEmpty();

            worker.close();

            assertThat(health.awaitFirst(record -> key.equals(record.key()) && record.value() == null,
                    Duration.ofSeconds(20))).isNotNull();
        } finally {
            worker.close();
        }
    }
}
