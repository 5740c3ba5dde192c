package io.genpipe.cli.dlq;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code genpipe dlq replay --source-topic genpipe.jobs.v1 [--key …] [--since …] [--dry-run]}: sends the chosen dead
 * letters back, key and bytes as they were, to the topic they came from, once the cause is fixed. A record several
 * consumer groups refused is in the DLQ once per group and goes back once. Each replayed record carries
 * {@code genpipe.replayed-from} ({@code dlq/<partition>/<offset>}); a record refused again comes back to the DLQ.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Send chosen dead letters back to the topic they came from.")
final class ReplayCommand implements Callable<Integer> {

    static final String REPLAYED_FROM = "genpipe.replayed-from";

    @Mixin
    Selection selection;

    @Option(names = "--dry-run", description = "list what would be replayed, send nothing")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (selection.sourceTopic == null && selection.keys == null) {
            spec.commandLine().getErr().println("choose what to replay: --source-topic and/or --key");
            return 2;
        }
        // One per record refused, whichever groups refused it: the first copy's bytes are the record's.
        Map<String, DeadLetter> bySource = new LinkedHashMap<>();
        for (DeadLetter letter : new DeadLetterReader(selection.bootstrapServers).read(selection.predicate())) {
            if (letter.sourceTopic() != null) {
                bySource.putIfAbsent(letter.source(), letter);
            }
        }
        if (dryRun) {
            bySource.values().forEach(letter -> out.println("would replay " + letter.line()));
            out.println(bySource.size() + " records would be replayed");
            return 0;
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, selection.bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<?>> sends = new ArrayList<>();
            for (DeadLetter letter : bySource.values()) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(letter.sourceTopic(),
                        letter.key() == null ? null : letter.key().getBytes(StandardCharsets.UTF_8), letter.value());
                record.headers().add(REPLAYED_FROM, ("dlq/" + letter.partition() + "/" + letter.offset())
                        .getBytes(StandardCharsets.UTF_8));
                sends.add(producer.send(record));
            }
            for (Future<?> send : sends) {
                send.get(30, TimeUnit.SECONDS);
            }
        }
        out.println(bySource.size() + " records replayed");
        return 0;
    }
}
