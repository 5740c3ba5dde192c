package io.genpipe.bench.router;

import io.genpipe.contracts.topic.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.config.TopicConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** The topics of the router bench, created on the embedded broker before the router starts. */
public final class BenchKafka {

    public static final int PARTITIONS = 6;
    /** The baseline's topic: the same producer and consumer as the router path, and nothing in between. */
    static final String PASS_THROUGH = "bench.pass-through.v1";
    static final List<String> PROVIDERS = List.of("fal", "openai");

    private BenchKafka() {
    }

    /**
     * Every topic the router reads or writes, created before it starts, as the services' own declarations would
     * (6 partitions, one replica; health and lifecycle compacted), plus the baseline's topic.
     */
    public static void createTopics(String bootstrap) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : List.of(Topics.JOBS.name(), Topics.ATTEMPTS.name(), "genpipe.router.ticks.v1",
                Topics.dispatch("fal").name(), Topics.dispatch("openai").name(), Topics.OUTCOMES.name(),
                Topics.DLQ.name(), PASS_THROUGH)) {
            topics.add(new NewTopic(name, PARTITIONS, (short) 1));
        }
        for (String name : List.of(Topics.PROVIDER_HEALTH.name(), Topics.MODEL_LIFECYCLE.name())) {
            topics.add(new NewTopic(name, PARTITIONS, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        }
        create(bootstrap, topics);
    }

    /** Creates the topics and returns once every partition of each has a leader that takes writes. */
    public static void create(String bootstrap, List<NewTopic> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(topics).all().get();
            // Created is not yet led: a produce that reaches a partition before its leader is ready fails with
            // NOT_LEADER_OR_FOLLOWER, and the idempotent producer's retry of the first batches then stalls on
            // OUT_OF_ORDER_SEQUENCE_NUMBER (seen here). Listing offsets asks each partition's leader and is retried
            // by the admin client until it answers, so once it returns every partition takes writes.
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            for (NewTopic topic : topics) {
                for (int partition = 0; partition < topic.numPartitions(); partition++) {
                    partitions.put(new TopicPartition(topic.name(), partition), OffsetSpec.latest());
                }
            }
            awaitLeaders(admin, partitions);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create the topics", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Lists the partitions' offsets until every leader answers. Right after the create, the broker may not know the
     * topic yet: the admin client fails that with UnknownTopicOrPartitionException instead of retrying it (seen on a
     * loaded 2-core machine, in ProofBench's second run), so it is asked again, every 50 ms, for up to 30 s.
     */
    private static void awaitLeaders(Admin admin, Map<TopicPartition, OffsetSpec> partitions)
            throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                admin.listOffsets(partitions).all().get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
    }
}
