package io.genpipe.infra.test;

import io.genpipe.infra.EmbeddedKafkaBroker;

/** A real broker in this JVM on a free loopback port, its log in a temporary directory. */
record InJvmTestKafka(EmbeddedKafkaBroker broker) implements TestKafka {

    static InJvmTestKafka start(String host) {
        return new InJvmTestKafka(EmbeddedKafkaBroker.start(host, 0, null));
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public String description() {
        return "in-JVM KRaft broker";
    }

    @Override
    public void close() {
        broker.close();
    }
}
