package io.genpipe.cli.dlq;

import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/** Which dead letters a command works on; every option given must match. */
public final class Selection {

    @Option(names = "--bootstrap-servers", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka (default: $KAFKA_BOOTSTRAP_SERVERS or ${DEFAULT-VALUE})")
    String bootstrapServers;

    @Option(names = "--source-topic", description = "only records refused on this topic, e.g. genpipe.jobs.v1")
    String sourceTopic;

    @Option(names = "--key", split = ",", description = "only records with these keys (job ids)")
    List<String> keys;

    @Option(names = "--since", description = "only records sent to the DLQ at or after this instant (ISO-8601)")
    Instant since;

    @Option(names = "--reason-contains", description = "only records whose reason contains this text")
    String reasonContains;

    Predicate<DeadLetter> predicate() {
        return letter -> (sourceTopic == null || sourceTopic.equals(letter.sourceTopic()))
                && (keys == null || keys.contains(letter.key()))
                && (since == null || !letter.at().isBefore(since))
                && (reasonContains == null || (letter.reason() != null && letter.reason().contains(reasonContains)));
    }
}
