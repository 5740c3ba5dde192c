package io.genpipe.infra.test;

import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The apache/kafka image in Docker, at the same version as the Kafka jars on the classpath. Only this class
 * names Testcontainers types, so nothing loads them unless Docker was found.
 */
record ContainerTestKafka(KafkaContainer container) implements TestKafka {

    static ContainerTestKafka start() {
        KafkaContainer container = new KafkaContainer("apache/kafka:" + AppInfoParser.getVersion())
                // The image's defaults already cover offsets and transactions; share groups need theirs too.
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
        return new ContainerTestKafka(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public String description() {
        return "Testcontainers " + container.getDockerImageName();
    }

    @Override
    public void close() {
        container.stop();
    }
}
