package io.genpipe.worker.ratelimit;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.AttemptSucceeded;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.simulator.LatencyProfile;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.worker.CatalogArgs;
import io.genpipe.worker.Dispatches;
import io.genpipe.worker.TopicReader;
import io.genpipe.worker.WorkerJvms;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two worker JVMs serve the same providers and split their dispatch partitions; the vendor account's limits, as the
 * catalog states them, hold for the two together. The simulator enforces the same requests per minute as the catalog
 * says and counts what it refuses, and counts the most requests running at once: a worker that kept the whole limit
 * to itself would be refused, or run twice the concurrency.
 */
class AccountLimitsIT {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** 40 starts a second for the account: the burst, then about 5 s of starts at the limit. */
    private static final int REQUESTS_PER_MINUTE = 2400;
    private static final int RATE_JOBS = 200;
    /** 3 calls for each worker: 6 rounds of about 0.6 s. */
    private static final int CONCURRENCY = 6;
    private static final int CONCURRENCY_JOBS = 36;

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final String suffix = Long.toHexString(System.nanoTime());
    private final String rateLimited = "fal-rpm-" + suffix;
    private final String concurrencyLimited = "fal-conc-" + suffix;
    private final WorkerJvms workers = new WorkerJvms();

    @AfterEach
    void stop() {
        workers.close();
        infra.simulator().profile(Vendor.FAL, VendorProfile.healthy());
    }

    @Test
    void twoWorkerJvmsKeepTheAccountsLimitsTogether() throws Exception {
        startWorker("a");
        startWorker("b");
        awaitTwoMembersEachWithPartitions(rateLimited);
        awaitTwoMembersEachWithPartitions(concurrencyLimited);

        try (KafkaProducer<String, String> producer = producer();
             TopicReader attempts = new TopicReader(infra.kafkaBootstrapServers(), Topics.ATTEMPTS.name())) {
            // Requests per minute: fast generations, so only the start rate holds the workers back.
            infra.simulator().profile(Vendor.FAL, VendorProfile.healthy()
                    .withLatency(LatencyProfile.fixed(Duration.ofMillis(50)))
                    .withRequestsPerMinute(REQUESTS_PER_MINUTE));
            infra.simulator().resetCounters(Vendor.FAL);
            Set<String> rateJobs = send(producer, rateLimited, RATE_JOBS);
            awaitAllSucceeded(attempts, rateJobs);
            assertThat(infra.simulator().limitRefusals(Vendor.FAL))
                    .as("fal submissions refused over the account's requests per minute").isZero();

            // Concurrency: slow generations, no start limit at the simulator, so only the calls in progress count.
            infra.simulator().profile(Vendor.FAL, VendorProfile.healthy()
                    .withLatency(LatencyProfile.fixed(Duration.ofMillis(500))));
            infra.simulator().resetCounters(Vendor.FAL);
            Set<String> concurrencyJobs = send(producer, concurrencyLimited, CONCURRENCY_JOBS);
            awaitAllSucceeded(attempts, concurrencyJobs);
            // More than one worker's part: both ran calls at once; no more than the account's: they kept to it.
            assertThat(infra.simulator().peakInProgress(Vendor.FAL))
                    .as("fal requests in progress at once, both workers together")
                    .isBetween(CONCURRENCY / 2 + 1, CONCURRENCY);
        }
        // Both still own their part: the limits were split, not handed to one of them.
        awaitTwoMembersEachWithPartitions(rateLimited);
    }

    private Set<String> send(KafkaProducer<String, String> producer, String provider, int jobs) {
        List<AttemptDispatched> dispatches = IntStream.range(0, jobs)
                .mapToObj(i -> Dispatches.dispatch(Dispatches.newJobId(), provider, "fal-ai/flux/schnell",
                        "a lighthouse at dawn", ImageParams.defaults(), CLOCK.instant().plusSeconds(180),
                        CLOCK.instant()))
                .toList();
        for (AttemptDispatched dispatch : dispatches) {
            producer.send(new ProducerRecord<>(Topics.dispatch(provider).name(), dispatch.jobId(),
                    JsonSerde.instance().writeString(dispatch)));
        }
        producer.flush();
        return dispatches.stream().map(AttemptDispatched::jobId).collect(Collectors.toSet());
    }

    private static void awaitAllSucceeded(TopicReader attempts, Set<String> jobs) {
        Map<String, AttemptResult> results = new HashMap<>();
        await().atMost(WAIT).until(() -> {
            attempts.poll().stream()
                    .filter(record -> jobs.contains(record.key()))
                    .map(record -> JsonSerde.instance().read(record.value(), AttemptResult.class))
                    .forEach(result -> results.put(result.jobId(), result));
            return results.keySet().containsAll(jobs);
        });
        assertThat(results.values()).allSatisfy(result -> assertThat(result).isInstanceOf(AttemptSucceeded.class));
    }

    private void awaitTwoMembersEachWithPartitions(String provider) {
        String group = "genpipe.worker." + provider;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.kafkaBootstrapServers()))) {
            // The group does not exist until the first worker joins it.
            await().atMost(WAIT).ignoreExceptions().until(() -> {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get()
                        .get(group);
                List<MemberDescription> members = List.copyOf(description.members());
                return members.size() == 2 && members.stream()
                        .allMatch(member -> !member.assignment().topicPartitions().isEmpty());
            });
        }
    }

    private void startWorker(String name) throws IOException {
        List<String> command = new ArrayList<>();
        command.addAll(CatalogArgs.falProvider(rateLimited, infra.simulator().baseUrl(Vendor.FAL),
                "GENPIPE_LIMITS_IT_KEY"));
        command.add("--genpipe.catalog.providers." + rateLimited + ".limits.requests-per-minute="
                + REQUESTS_PER_MINUTE);
        command.addAll(CatalogArgs.falProvider(concurrencyLimited, infra.simulator().baseUrl(Vendor.FAL),
                "GENPIPE_LIMITS_IT_KEY"));
        command.add("--genpipe.catalog.providers." + concurrencyLimited + ".limits.concurrency=" + CONCURRENCY);
        command.addAll(List.of(
                "--spring.kafka.bootstrap-servers=" + infra.kafkaBootstrapServers(),
                "--server.port=0",
                "--genpipe.workers.instance=" + infra.uniqueName("limits-" + name),
                "--genpipe.workers.serve=" + rateLimited + "," + concurrencyLimited,
                // Polls soon and often: the simulated generations are far quicker than the catalog's latency-p50.
                "--genpipe.workers.providers." + rateLimited + ".options.poll-interval=50ms",
                "--genpipe.workers.providers." + rateLimited + ".options.first-poll-share=5",
                "--genpipe.workers.providers." + concurrencyLimited + ".options.poll-interval=100ms",
                "--genpipe.workers.providers." + concurrencyLimited + ".options.first-poll-share=10",
                "--GENPIPE_LIMITS_IT_KEY=test-key"));
        workers.start("account-limits-" + name, command);
    }

    private KafkaProducer<String, String> producer() {
        // One request in flight: the topics are brand new, and an idempotent producer whose first batch to a partition
        // fails (no leader yet) while later ones go on is refused OUT_OF_ORDER_SEQUENCE_NUMBER until it times out.
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
                new StringSerializer(), new StringSerializer());
    }
}
