package io.genpipe.localstack;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptProgressed;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.JobSucceeded;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.DlqHeaders;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.infra.test.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10's bad input, on every topic a genpipe service reads: a generated corpus of records that break the
 * contract (garbage bytes, malformed JSON, not an object, missing fields, unknown and future schema versions, wrong
 * types, unknown event types, tombstones; on the jobs topic also unknown operations, fractions, numbers for text,
 * out-of-range sizes and an oversize prompt), produced straight to the broker beside the running pipeline. Every
 * consumer group that reads a topic must dead-letter each unreadable record once, with a reason; the compacted
 * views skip them; a job sent twice with one event id ends once; and the valid jobs after all of it still succeed.
 * Each case and what became of it is written to {@code target/bad-input/topics.tsv}.
 */
class TopicCorpusIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Path REPORT = Path.of("target", "bad-input", "topics.tsv");

    /** The router's own timers: a format of its own, so only the cases that break any JSON are sent. */
    private static final String ROUTER_TICKS = "genpipe.router.ticks.v1";
    private static final ImageRef IMAGE = new ImageRef("https://fal.media/files/corpus.png", 512, 512, "image/png");

    /** Who reads each topic in a consumer group, and so must dead-letter what it cannot read. */
    private static final Map<String, Set<String>> GROUPS = Map.of(
            Topics.JOBS.name(), Set.of("genpipe.router", "genpipe.sink"),
            Topics.ATTEMPTS.name(), Set.of("genpipe.router", "genpipe.sink"),
            Topics.OUTCOMES.name(), Set.of("genpipe.sink"),
            Topics.PROGRESS.name(), Set.of("genpipe.sink"),
            Topics.dispatch("fal").name(), Set.of("genpipe.worker.fal", "genpipe.sink"),
            ROUTER_TICKS, Set.of("genpipe.router"));

    /**
     * Compacted topics, read whole by every instance in no group: a record they cannot read is skipped with a
     * warning (a dead letter per instance would repeat it), and the views go on.
     */
    private static final List<String> VIEWS = List.of(Topics.PROVIDER_HEALTH.name(),
            Topics.PROVIDER_SETTINGS.name(), Topics.SPEND.name(), Topics.MODEL_LIFECYCLE.name(),
            Topics.SYSTEM_HEALTH.name(), Topics.ADMIN_AUDIT.name(), "genpipe.router.cooldowns.v1");

    private final TestPipeline pipeline = TestPipeline.shared();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** A record of the corpus: its value carries {@code marker} (a tombstone's key does), so its dead letters can be found. */
    private record Case(String topic, String name, String marker, byte[] value, String expectedField) {

        String key() {
            return marker;
        }
    }

    @Test
    void noBadRecordStopsAConsumerOrLosesTheNextJob() throws Exception {
        List<Case> corpus = new ArrayList<>();
        for (String topic : GROUPS.keySet()) {
            corpus.addAll(unreadable(topic));
        }
        corpus.addAll(badJobs());
        List<Case> skipped = new ArrayList<>();
        for (String topic : VIEWS) {
            skipped.addAll(unreadable(topic).stream().filter(each -> each.value() != null).toList());
        }
        String twiceSent = "corpus-twice-" + run;
        byte[] jobSentTwice = JsonSerde.instance().write(job(twiceSent));
        String strayDispatch = "corpus-stray-" + run;
        // Within the contract, which sets no length: the catalog's models decide.
        String oversize = "corpus-oversize-" + run;
        byte[] oversizePrompt = jobJson(oversize, "\"operation\":\"text-to-image\",\"prompt\":\""
                + "harbour ".repeat(40_000) + "\"").getBytes(StandardCharsets.UTF_8);

        try (KafkaProducer<String, byte[]> producer = rawProducer()) {
            for (Case each : corpus) {
                producer.send(new ProducerRecord<>(each.topic(), each.key(), each.value())).get();
            }
            for (Case each : skipped) {
                producer.send(new ProducerRecord<>(each.topic(), each.key(), each.value())).get();
            }
            // The same job twice, one event id: a producer's retry, as the broker sees it.
            producer.send(new ProducerRecord<>(Topics.JOBS.name(), twiceSent, jobSentTwice)).get();
            producer.send(new ProducerRecord<>(Topics.JOBS.name(), twiceSent, jobSentTwice)).get();
            producer.send(new ProducerRecord<>(Topics.JOBS.name(), oversize, oversizePrompt)).get();
            // A dispatch naming a provider the catalog does not know, on fal's topic: the topic decides who runs it.
            producer.send(new ProducerRecord<>(Topics.dispatch("fal").name(), strayDispatch,
                    JsonSerde.instance().write(dispatch(strayDispatch, "no-such-provider")))).get();
        }
        // The next jobs, behind every bad record on every topic they pass: each consumer read past the corpus.
        String afterDirect = "corpus-after-" + run;
        try (KafkaProducer<String, byte[]> producer = rawProducer()) {
            producer.send(new ProducerRecord<>(Topics.JOBS.name(), afterDirect,
                    JsonSerde.instance().write(job(afterDirect)))).get();
        }
        String afterHttp = json(pipeline.post("/v1/jobs", "{\"prompt\":\"a harbour after the storm\"}"))
                .path("jobId").asString();

        assertThat(pipeline.awaitFinishedJob(afterDirect, PATIENCE).path("status").asString()).isEqualTo("SUCCEEDED");

        assertThat(pipeline.awaitFinishedJob(afterHttp, PATIENCE).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(pipeline.awaitFinishedJob(twiceSent, PATIENCE).path("status").asString()).isEqualTo("SUCCEEDED");
        // It ends, on a model the catalog lets take it: OpenAI's take 32,000 characters; fal's catalog entries name
        // no limit (vendor-apis.md states none), so fal may.
        JsonNode tooLong = pipeline.awaitFinishedJob(oversize, PATIENCE);
        if (tooLong.path("status").asString().equals("SUCCEEDED")) {
            assertThat(tooLong.path("provider").asString()).isNotEqualTo("openai");
        }

        List<String> report = new ArrayList<>();
        report.add("topic\tcase\toutcome\tgroups\treason");
        try (KafkaTopicReader dlq = new KafkaTopicReader(TestInfrastructure.shared().kafkaBootstrapServers(),
                Topics.DLQ.name());
             KafkaTopicReader outcomes = new KafkaTopicReader(TestInfrastructure.shared().kafkaBootstrapServers(),
                     Topics.OUTCOMES.name());
             KafkaTopicReader attempts = new KafkaTopicReader(TestInfrastructure.shared().kafkaBootstrapServers(),
                     Topics.ATTEMPTS.name())) {
            // One read of the DLQ per try (each read waits out a fetch), until every group has dead-lettered its cases.
            Set<String> markers = new HashSet<>();
            corpus.forEach(each -> markers.add(each.marker()));
            skipped.forEach(each -> markers.add(each.marker()));
            Map<String, List<ConsumerRecord<String, byte[]>>> letters = new HashMap<>();
            await().atMost(PATIENCE).untilAsserted(() -> {
                letters.clear();
                letters.putAll(dlq.readNow(letter -> markers.contains(letter.key())).stream()
                        .collect(Collectors.groupingBy(ConsumerRecord::key)));
                for (Case each : corpus) {
                    assertThat(groups(letters.getOrDefault(each.marker(), List.of())))
                            .as("%s %s", each.topic(), each.name()).containsAll(GROUPS.get(each.topic()));
                }
            });
            for (Case each : corpus) {
                List<ConsumerRecord<String, byte[]>> its = letters.get(each.marker());
                report.add(String.join("\t", each.topic(), each.name(), "dead-lettered",
                        String.join(",", new TreeSet<>(groups(its))),
                        header(its.get(0), DlqHeaders.REASON).replace('\t', ' ')));
                // Once per group: a bad record is never retried into the DLQ again and again.
                assertThat(its).as("%s %s", each.topic(), each.name()).hasSize(GROUPS.get(each.topic()).size());
                for (ConsumerRecord<String, byte[]> letter : its) {
                    assertThat(header(letter, DlqHeaders.SOURCE_TOPIC)).isEqualTo(each.topic());
                    assertThat(header(letter, DlqHeaders.REASON)).isNotBlank().doesNotContain("Exception");
                    if (each.value() != null) {
                        assertThat(letter.value()).as("the original bytes").isEqualTo(each.value());
                    }
                    if (each.expectedField() != null) {
                        assertThat(header(letter, DlqHeaders.FIELD)).as("%s %s", each.topic(), each.name())
                                .isEqualTo(each.expectedField());
                    }
                }
            }
            for (Case each : skipped) {
                assertThat(letters).as("views skip, never DLQ: %s %s", each.topic(), each.name())
                        .doesNotContainKey(each.marker());
                report.add(String.join("\t", each.topic(), each.name(), "skipped by the views", "", ""));
            }
            assertThat(outcomes.readNow(record -> twiceSent.equals(record.key()))).as("one job, one outcome")
                    .hasSize(1);
            report.add(String.join("\t", Topics.JOBS.name(), "same event id twice", "one outcome", "", ""));
            report.add(String.join("\t", Topics.JOBS.name(), "prompt of 320,000 characters",
                    tooLong.path("status").asString() + " on " + tooLong.path("provider").asString(), "", ""));
            // The stray dispatch was run on fal (its topic) and reported: the worker went on.
            await().atMost(PATIENCE).until(() -> !attempts.readNow(record -> strayDispatch.equals(record.key()))
                    .isEmpty());
            report.add(String.join("\t", Topics.dispatch("fal").name(), "unknown provider", "run on fal", "", ""));
        }
        Files.createDirectories(REPORT.getParent());
        Files.write(REPORT, report);
    }

    /** What every topic must survive, named and marked for {@code topic}. */
    private List<Case> unreadable(String topic) {
        List<Case> cases = new ArrayList<>();
        cases.add(raw(topic, "garbage bytes", marker -> concat(new byte[]{(byte) 0xFF, (byte) 0xFE, 0x00, 0x13},
                marker.getBytes(StandardCharsets.UTF_8)), null));
        cases.add(text(topic, "truncated JSON", marker -> "{\"schemaVersion\":1,\"eventId\":\"" + marker + "\",\"jobId\":", null));
        cases.add(text(topic, "not an object", marker -> "[\"" + marker + "\"]", null));
        cases.add(text(topic, "missing fields", marker -> "{\"note\":\"" + marker + "\"}", null));
        if (GROUPS.containsKey(topic) && !topic.equals(ROUTER_TICKS)) {
            // A real event of the topic with one member wrong, so that the member at fault is the one reported.
            cases.add(text(topic, "future schemaVersion", marker -> sample(topic, marker)
                    .replaceFirst("\"schemaVersion\":1", "\"schemaVersion\":99"), "schemaVersion"));
            cases.add(text(topic, "schemaVersion 0", marker -> sample(topic, marker)
                    .replaceFirst("\"schemaVersion\":1", "\"schemaVersion\":0"), "schemaVersion"));
            cases.add(text(topic, "schemaVersion as text", marker -> sample(topic, marker)
                    .replaceFirst("\"schemaVersion\":1", "\"schemaVersion\":\"1\""), "schemaVersion"));
            cases.add(text(topic, "eventId as a number", marker -> sample(topic, marker)
                    .replaceFirst("\"eventId\":\"[^\"]+\"", "\"eventId\":12345"), "eventId"));
        }
        if (topic.equals(Topics.ATTEMPTS.name()) || topic.equals(Topics.OUTCOMES.name())) {
            cases.add(text(topic, "unknown event type", marker -> "{\"type\":\"AttemptExploded\",\"schemaVersion\":1,"
                    + "\"eventId\":\"" + marker + "\"}", null));
        }
        cases.add(raw(topic, "tombstone", marker -> null, null));
        return cases;
    }

    /** Jobs that are JSON objects of the right shape, with one member that breaks the contract. */
    private List<Case> badJobs() {
        String topic = Topics.JOBS.name();
        return List.of(
                text(topic, "unknown operation", marker -> jobJson(marker, "\"operation\":\"text-to-video\","
                        + "\"prompt\":\"a harbour\""), "operation"),
                text(topic, "prompt as a number", marker -> jobJson(marker, "\"operation\":\"text-to-image\","
                        + "\"prompt\":123"), "prompt"),
                text(topic, "width as a fraction", marker -> jobJson(marker, "\"operation\":\"text-to-image\","
                        + "\"prompt\":\"a harbour\",\"params\":{\"width\":1.5}"), "params.width"),
                text(topic, "negative width", marker -> jobJson(marker, "\"operation\":\"text-to-image\","
                        + "\"prompt\":\"a harbour\",\"params\":{\"width\":-1024}"), "params.width"));
    }

    private static String jobJson(String jobId, String members) {
        return "{\"schemaVersion\":1,\"eventId\":\"" + UUID.randomUUID() + "\",\"jobId\":\"" + jobId
                + "\",\"occurredAt\":\"" + Instant.now() + "\",\"tenantId\":\"" + LocalKeys.TENANT + "\","
                + members + "}";
    }

    /** A valid event of {@code topic} about job {@code jobId}, as genpipe writes it. */
    private static String sample(String topic, String jobId) {
        AttemptDispatched dispatch = dispatch(jobId, "fal");
        Instant now = Instant.now();
        Object event;
        if (topic.equals(Topics.JOBS.name())) {
            event = job(jobId);
        } else if (topic.equals(Topics.ATTEMPTS.name())) {
            event = dispatch.succeeded(List.of(IMAGE), new BigDecimal("0.003"), 200, now);
        } else if (topic.equals(Topics.OUTCOMES.name())) {
            event = new JobSucceeded(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), jobId, now,
                    LocalKeys.TENANT, null, now, "fal", "fal-ai/flux/schnell", List.of(IMAGE), List.of(), null);
        } else if (topic.equals(Topics.PROGRESS.name())) {
            event = new AttemptProgressed(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), jobId, now,
                    LocalKeys.TENANT, 1, "fal", "fal-ai/flux/schnell", "IN_PROGRESS", 40, null);
        } else if (topic.equals(Topics.dispatch("fal").name())) {
            event = dispatch;
        } else {
            throw new IllegalArgumentException("no sample for " + topic);
        }
        return JsonSerde.instance().writeString(event);
    }

    private Case text(String topic, String name, java.util.function.Function<String, String> value, String field) {
        return raw(topic, name, marker -> value.apply(marker).getBytes(StandardCharsets.UTF_8), field);
    }

    private Case raw(String topic, String name, java.util.function.Function<String, byte[]> value, String field) {
        String marker = "corpus-" + run + "-" + topic.replace("genpipe.", "") + "-" + name.replace(' ', '-');
        return new Case(topic, name, marker, value.apply(marker), field);
    }

    private static JobRequested job(String jobId) {
        return JobRequested.create(jobId, LocalKeys.TENANT, null, Operation.TEXT_TO_IMAGE,
                "a lighthouse behind the corpus", new ImageParams(512, 512, 1, null, null), null, Instant.now());
    }

    private static AttemptDispatched dispatch(String jobId, String provider) {
        Instant now = Instant.now();
        Instant deadline = now.plusSeconds(60);
        JobRequested job = JobRequested.create(jobId, LocalKeys.TENANT, null, Operation.TEXT_TO_IMAGE,
                "a stray dispatch", new ImageParams(512, 512, 1, null, null), deadline, now);
        return new AttemptDispatched(GenpipeEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), jobId, now, 1,
                provider, "fal-ai/flux/schnell", "corpus", deadline, job, List.of(), null, List.of(), null, null);
    }

    private static Set<String> groups(List<ConsumerRecord<String, byte[]>> letters) {
        return letters.stream().map(letter -> header(letter, DlqHeaders.CONSUMER_GROUP)).collect(Collectors.toSet());
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static JsonNode json(java.net.http.HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return TestPipeline.JSON.readTree(response.body());
    }

    private static KafkaProducer<String, byte[]> rawProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.shared().kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                // Many records to brand-new partitions: one request in flight keeps a leaderless first batch from
                // failing the idempotent producer's sequence (see WorkerCrashIT).
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576), new StringSerializer(), new ByteArraySerializer());
    }
}
