package io.genpipe.worker.health;

import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.simulator.Vendor;
import io.genpipe.worker.ProviderWorkersApplication;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A provider without an API key is DOWN from the first report, saying why, before any attempt has failed. */
class UnusableProviderHealthIT {

    @Test
    void aProviderWithoutAKeyReportsDownFromTheStart() {
        TestInfrastructure infra = TestInfrastructure.shared();
        String instance = infra.uniqueName("keyless");
        String variable = "GENPIPE_UNSET_KEY_" + Long.toHexString(System.nanoTime()).toUpperCase();
        try (KafkaTopicReader health = new KafkaTopicReader(infra.kafkaBootstrapServers(), Topics.PROVIDER_HEALTH.name());
             ConfigurableApplicationContext worker = ProviderWorkersApplication.builder().run(
                     "--spring.kafka.bootstrap-servers=" + infra.kafkaBootstrapServers(),
                     "--server.port=0",
                     "--genpipe.workers.instance=" + instance,
                     "--genpipe.workers.serve=fal",
                     "--genpipe.workers.health.heartbeat=1s",
                     "--genpipe.catalog.providers.fal.base-url=" + infra.simulator().baseUrl(Vendor.FAL),
                     "--genpipe.catalog.providers.fal.api-key-env=" + variable)) {
            byte[] first = health.awaitFirst(record -> ("fal/" + instance).equals(record.key()) && record.value() != null,
                    Duration.ofSeconds(20)).value();

            ProviderHealth report = JsonSerde.instance().read(new String(first, StandardCharsets.UTF_8),
                    ProviderHealth.class);
            assertThat(report.state()).isEqualTo(HealthState.DOWN);
            assertThat(report.reason()).isEqualTo("no API key in " + variable);
            assertThat(worker.isRunning()).isTrue();
        }
    }
}
