package io.genpipe.bench.chaos;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.topic.DlqHeaders;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.infra.test.KafkaTopicReader;
import io.genpipe.simulator.Vendor;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One chaos run on a fresh stack: the load, the fault at its time, the wait until every accepted job has ended in
 * the sink (or the timeout), then the figures, read from the topics, the sink's tables and the simulator.
 */
final class ChaosRun {

    private final ChaosOptions options;
    private final Fault fault;
    private final PrintStream out;

    ChaosRun(ChaosOptions options, Fault fault, PrintStream out) {
        this.options = options;
        this.fault = fault;
        this.out = out;
    }

    ChaosFigures run() throws Exception {
        String runId = "chaos-" + fault.wireName() + "-" + Long.toHexString(System.currentTimeMillis());
        out.printf("%n== %s: %d jobs at %.0f/s, fault %s after %d s for %d s%n", runId, options.jobs(), options.rate(),
                fault.wireName(), options.faultAfter().toSeconds(), options.downFor(fault).toSeconds());
        try (ChaosStack stack = ChaosStack.start(options.latency(), options.properties())) {
            long falBefore = stack.simulator().requestCount(Vendor.FAL);
            long openAiBefore = stack.simulator().requestCount(Vendor.OPENAI);
            out.println("   stack up: 4 service JVMs, logs under " + stack.directory());
            long start = System.nanoTime();
            long startWallMs = System.currentTimeMillis();
            ChaosLoad load = new ChaosLoad(stack.ingress(), stack.tenantKey(), stack.bootstrapServers(), runId);
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> load.run(options.jobs(),
                    options.batchSize(), options.rate(), options.poisonEvery(), start));
            // The fault's time line: the durations are the experiment, not a wait for a condition.
            ServiceJvm.pause(options.faultAfter());
            long faultAt = System.nanoTime() - start;
            stack.breakFor(fault);
            out.printf("   %s broken at %.1f s%n", fault.wireName(), faultAt / 1e9);
            ServiceJvm.pause(options.downFor(fault));
            stack.mend(fault);
            long mendedAt = System.nanoTime() - start;
            out.printf("   %s back at %.1f s%n", fault.wireName(), mendedAt / 1e9);
            sending.get();
            Duration loadTook = Duration.ofNanos(System.nanoTime() - start);
            load.close();
            List<String> accepted = load.acceptedJobs();
            out.printf("   %d jobs accepted in %.1f s (%d batch retries)%n", accepted.size(), loadTook.toMillis() / 1e3,
                    load.retries());
            awaitEnded(stack, runId, accepted.size());
            Duration sinkCaughtUp = Duration.ofNanos(System.nanoTime() - start);
            return figures(stack, runId, load, accepted, startWallMs, faultAt, mendedAt, loadTook, sinkCaughtUp,
                    falBefore, openAiBefore);
        }
    }

    private void awaitEnded(ChaosStack stack, String runId, int accepted) throws SQLException {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        int ended = 0;
        while (System.nanoTime() < deadline) {
            try (Connection db = stack.database()) {
                ended = count(db, "SELECT count(*) FROM jobs WHERE batch_id LIKE ? AND status IN ('SUCCEEDED','FAILED')",
                        runId + "-b%");
            }
            if (ended >= accepted) {
                return;
            }
            ServiceJvm.pause(Duration.ofSeconds(1));
        }
        out.printf("   TIMEOUT: %d of %d jobs ended in the sink%n", ended, accepted);
    }

    private ChaosFigures figures(ChaosStack stack, String runId, ChaosLoad load, List<String> accepted,
                                 long startWallMs, long faultAt, long mendedAt, Duration loadTook,
                                 Duration sinkCaughtUp, long falBefore, long openAiBefore) throws SQLException {
        String prefix = runId + "-b";
        Map<String, Set<String>> outcomeIds = new HashMap<>();
        Map<String, Long> firstOutcomeAt = new HashMap<>();
        int outcomeRecords = 0;
        try (KafkaTopicReader outcomes = new KafkaTopicReader(stack.bootstrapServers(), Topics.OUTCOMES.name())) {
            for (ConsumerRecord<String, byte[]> record : outcomes.readNow(r -> r.key() != null
                    && r.key().startsWith(prefix))) {
                outcomeRecords++;
                JobOutcome outcome = JsonSerde.instance().read(record.value(), JobOutcome.class);
                outcomeIds.computeIfAbsent(outcome.jobId(), id -> new HashSet<>()).add(outcome.eventId());
                firstOutcomeAt.merge(outcome.jobId(), record.timestamp(), Math::min);
            }
        }
        int one = 0;
        int none = 0;
        int two = 0;
        for (String job : accepted) {
            int ids = outcomeIds.getOrDefault(job, Set.of()).size();
            if (ids == 1) {
                one++;
            } else if (ids == 0) {
                none++;
            } else {
                two++;
            }
        }
        int fal = distinctDispatches(stack, "fal", prefix);
        int openAi = distinctDispatches(stack, "openai", prefix);
        int poisonLetters;
        int ownLetters;
        try (KafkaTopicReader dlq = new KafkaTopicReader(stack.bootstrapServers(), Topics.DLQ.name())) {
            List<ConsumerRecord<String, byte[]>> letters = dlq.readNow(r -> r.key() != null);
            poisonLetters = (int) letters.stream().filter(r -> r.key().startsWith(load.poisonPrefix())).count();
            ownLetters = (int) letters.stream().filter(r -> r.key().startsWith(prefix)).count();
            letters.stream().filter(r -> r.key().startsWith(prefix)).limit(3).forEach(r -> out.println(
                    "   dead letter of a real job: " + r.key() + " " + header(r, DlqHeaders.REASON)));
        }
        int terminal;
        int failed;
        long lost;
        int sinkFalCalls;
        int sinkOpenAiCalls;
        try (Connection db = stack.database()) {
            terminal = count(db, "SELECT count(*) FROM jobs WHERE batch_id LIKE ? AND status IN ('SUCCEEDED','FAILED')",
                    prefix + "%");
            failed = count(db, "SELECT count(*) FROM jobs WHERE batch_id LIKE ? AND status = 'FAILED'", prefix + "%");
            lost = count(db, "SELECT coalesce(sum(lost_calls), 0) FROM attempts WHERE batch_id LIKE ?", prefix + "%");
            sinkFalCalls = sinkCalls(db, "fal", prefix);
            sinkOpenAiCalls = sinkCalls(db, "openai", prefix);
        }
        // Outcome times are the producers' record timestamps (wall clock), as is the run's start.
        Recovery recovery = Recovery.of(firstOutcomeAt.values(), startWallMs, faultAt / 1_000_000,
                mendedAt / 1_000_000, fault != Fault.NONE);
        return new ChaosFigures(fault, options.downFor(fault), accepted.size(), one, none, two, outcomeRecords,
                terminal, failed, fal, openAi, stack.simulator().requestCount(Vendor.FAL) - falBefore,
                stack.simulator().requestCount(Vendor.OPENAI) - openAiBefore, sinkFalCalls, sinkOpenAiCalls, lost,
                load.poisonSent(), poisonLetters,
                ownLetters, load.retries(), recovery.recovery(), Duration.ofNanos(mendedAt - faultAt), loadTook,
                recovery.drain(), sinkCaughtUp, recovery.perSecond());
    }

    /** The vendor calls the sink recorded for the run's jobs on a provider: every request, retries included. */
    private static int sinkCalls(Connection db, String provider, String prefix) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement("SELECT count(*) FROM vendor_calls c"
                + " JOIN jobs j ON j.job_id = c.job_id WHERE j.batch_id LIKE ? AND c.provider = ?")) {
            statement.setString(1, prefix + "%");
            statement.setString(2, provider);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static int distinctDispatches(ChaosStack stack, String provider, String prefix) {
        try (KafkaTopicReader dispatches = new KafkaTopicReader(stack.bootstrapServers(),
                Topics.dispatch(provider).name())) {
            return (int) dispatches.readNow(r -> r.key() != null && r.key().startsWith(prefix) && r.value() != null)
                    .stream().map(r -> JsonSerde.instance().read(r.value(), AttemptDispatched.class).eventId())
                    .distinct().count();
        } catch (IllegalStateException noSuchTopic) {
            return 0;
        }
    }

    private static int count(Connection db, String sql, String like) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, like);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
