package io.genpipe.infra.test;

/** The Kafka that a test run shares: a container when Docker is there, a broker in this JVM otherwise. */
sealed interface TestKafka extends AutoCloseable permits InJvmTestKafka, ContainerTestKafka {

    String bootstrapServers();

    /** Where the broker runs, for the one log line that tells a reader which Kafka their tests used. */
    String description();

    @Override
    void close();
}
