package io.genpipe.router.streams;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.topic.Topics;
import io.genpipe.router.cooldown.ProviderCooldown;
import io.genpipe.router.tracking.Tick;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

import java.util.function.Predicate;

/**
 * The router as a Kafka Streams topology:
 * <pre>
 *   genpipe.jobs.v1 ── key by job id ── repartition ─┐
 *   genpipe.attempts.v1 ─────────────────────────────┼── route (JobTracker; stores: jobs, timers, waiting) ── by type ──▶
 *   genpipe.router.ticks.v1 ─────────────────────────┘      genpipe.dispatch.&lt;provider&gt;.v1, genpipe.outcomes.v1,
 *                                                           genpipe.attempts.v1 (TIMEOUT), genpipe.router.ticks.v1
 *   route ── results that moved a job on, by provider ── repartition ── count (store: cooldowns) ──▶
 *                                                                     genpipe.router.cooldowns.v1
 *   route ── dispatches and results of budgeted tenants, by tenant ── repartition ── ledger (store: budgets) ──▶
 *                                           genpipe.dispatch.&lt;provider&gt;.v1 (covered), genpipe.router.ticks.v1 (denied)
 *   dispatches to a provider that is probing ── by provider ── repartition ── the same count task (store: cooldowns)
 *                                           ──▶ genpipe.dispatch.&lt;provider&gt;.v1 (the one probe), genpipe.router.ticks.v1
 * </pre>
 * Jobs are re-keyed by their job id and repartitioned because other services produce them: their key or their
 * partitioner may differ from ours, and every event of a job must reach the task that holds its state. Results and
 * ticks are written by genpipe with the job id as key, so they are co-partitioned already.
 */
final class RouterTopology {

    /** The router's own topic: ticks, i.e. time as an input (see {@link Tick}). */
    static final String TICKS = "genpipe.router.ticks.v1";

    private RouterTopology() {
    }

    /** Compacted, key provider: each provider's cooldown as the router group decided it (see {@link CooldownProcessor}). */
    static final String COOLDOWNS = "genpipe.router.cooldowns.v1";

    /**
     * @param gated   whether a tenant's dispatches reserve against a budget first ({@link BudgetProcessor})
     * @param probing whether a provider is not plainly available as this instance sees its cooldown: its dispatches
     *                claim the provider's probe from the group's one owner of it first ({@link CooldownProcessor})
     */
    static Topology build(ProcessorSupplier<String, Object, String, Object> router,
                          ProcessorSupplier<String, Object, String, Object> cooldowns,
                          ProcessorSupplier<String, Object, String, Object> budgets, Predicate<String> gated,
                          Predicate<String> probing, int partitions) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(RouterStores.jobs());
        builder.addStateStore(RouterStores.timers());
        builder.addStateStore(RouterStores.waiting());
        builder.addStateStore(RouterStores.cooldowns());
        builder.addStateStore(RouterStores.budgets());

        Serde<String> keys = Serdes.String();
        Serde<Object> jobSerde = JsonValues.reading(JobRequested.class);
        KStream<String, Object> jobs = builder
                .stream(Topics.JOBS.name(), Consumed.with(keys, jobSerde).withName("jobs"))
                .selectKey((key, job) -> ((JobRequested) job).jobId(), Named.as("key-by-job-id"))
                .repartition(Repartitioned.with(keys, jobSerde).withName("jobs-by-id")
                        .withNumberOfPartitions(partitions));
        KStream<String, Object> results = builder.stream(Topics.ATTEMPTS.name(),
                Consumed.with(keys, JsonValues.reading(AttemptResult.class)).withName("results"));
        KStream<String, Object> ticks = builder.stream(TICKS,
                Consumed.with(keys, JsonValues.reading(Tick.class)).withName("ticks"));

        // A budgeted tenant's dispatch is sent only once its tenant's one ledger has reserved its estimate. Whether a
        // tenant is budgeted can change at any moment (a budget set on the sink), so each dispatch is marked once,
        // here, and goes one way only: never both, never neither.
        KStream<String, Object> decided = jobs.merge(results, Named.as("jobs-and-results"))
                .merge(ticks, Named.as("and-ticks"))
                .process(router, Named.as("route"), RouterStores.JOBS, RouterStores.TIMERS, RouterStores.WAITING)
                .mapValues(value -> reservesFirst(value, gated)
                        ? (Object) new BudgetEntry.Reserve((AttemptDispatched) value) : value,
                        Named.as("mark-budgeted"));
        KStream<String, Object> covered = decided.filter((key, value) -> value instanceof BudgetEntry.Reserve
                        || (value instanceof CountedResult counted && gated.test(counted.result().job().tenantId())),
                        Named.as("budgeted"))
                .mapValues(value -> (Object) (value instanceof BudgetEntry.Reserve reserve
                        ? reserve : new BudgetEntry.Settle(((CountedResult) value).result())),
                        Named.as("to-budget-entries"))
                .selectKey((jobId, entry) -> ((BudgetEntry) entry).tenant(), Named.as("key-by-tenant"))
                .repartition(Repartitioned.with(keys, JsonValues.reading(BudgetEntry.class))
                        .withName("budget-by-tenant").withNumberOfPartitions(partitions))
                .process(budgets, Named.as("reserve-and-settle"), RouterStores.BUDGETS);
        // Then a dispatch to a provider that is probing after a cooldown claims the probe (one in the whole group).
        KStream<String, Object> outgoing = decided
                .filterNot((key, value) -> value instanceof CountedResult || value instanceof BudgetEntry.Reserve,
                        Named.as("events"))
                .merge(covered, Named.as("and-covered-or-denied"))
                .mapValues(value -> value instanceof AttemptDispatched dispatch && probing.test(dispatch.provider())
                        ? (Object) new ProbeClaim(dispatch) : value, Named.as("claim-probes"));
        outgoing.filterNot((key, value) -> value instanceof ProbeClaim, Named.as("not-probes"))
                .to((key, value, context) -> topicOf(value),
                        Produced.with(keys, JsonValues.reading(Object.class)).withName("decisions"));
        KStream<String, Object> claims = outgoing.filter((key, value) -> value instanceof ProbeClaim,
                        Named.as("probe-claims"))
                .selectKey((jobId, claim) -> ((ProbeClaim) claim).dispatch().provider(), Named.as("claim-by-provider"))
                .repartition(Repartitioned.with(keys, JsonValues.reading(ProbeClaim.class))
                        .withName("probes-by-provider").withNumberOfPartitions(partitions));
        // Every result that moved a job on also counts for its provider, in one task per provider: CooldownProcessor,
        // which owns the provider's probe too.
        decided.filter((key, value) -> value instanceof CountedResult, Named.as("counted-results"))
                .selectKey((jobId, counted) -> ((CountedResult) counted).result().provider(),
                        Named.as("key-by-provider"))
                .repartition(Repartitioned.with(keys, JsonValues.reading(CountedResult.class))
                        .withName("results-by-provider").withNumberOfPartitions(partitions))
                .merge(claims, Named.as("and-probe-claims"))
                .process(cooldowns, Named.as("count-for-provider"), RouterStores.COOLDOWNS)
                .to((key, value, context) -> topicOf(value),
                        Produced.with(keys, JsonValues.reading(Object.class)).withName("cooldowns-and-probes"));
        return builder.build();
    }

    private static boolean reservesFirst(Object value, Predicate<String> gated) {
        return value instanceof AttemptDispatched dispatch && gated.test(dispatch.job().tenantId());
    }

    private static String topicOf(Object value) {
        if (value instanceof AttemptDispatched dispatch) {
            return Topics.dispatch(dispatch.provider()).name();
        }
        if (value instanceof JobOutcome) {
            return Topics.OUTCOMES.name();
        }
        if (value instanceof AttemptResult) {
            return Topics.ATTEMPTS.name();
        }
        if (value instanceof Tick) {
            return TICKS;
        }
        if (value instanceof ProviderCooldown) {
            return COOLDOWNS;
        }
        throw new IllegalArgumentException("the router does not publish " + value.getClass().getSimpleName());
    }
}
