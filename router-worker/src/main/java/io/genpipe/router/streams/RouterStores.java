package io.genpipe.router.streams;

import io.genpipe.router.tracking.JobState;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.time.Instant;

/**
 * The router's three state stores, each changelogged to Kafka (RocksDB on local disk, restored from the changelog
 * when a partition moves): the jobs, one timer per job ordered by when it is due, and the waiting jobs.
 */
final class RouterStores {

    /** Job id → {@link JobState}. */
    static final String JOBS = "router-jobs";
    /** {@code <due epoch millis, zero-padded>/<job id>} → job id: a range scan up to now finds what is due. */
    static final String TIMERS = "router-timers";
    /** Job id → job id, for every waiting job: what the retry timer looks through. */
    static final String WAITING = "router-waiting";

    /** Provider → {@link io.genpipe.router.cooldown.ProviderCooldown}, in the provider-keyed sub-topology. */
    static final String COOLDOWNS = "router-cooldowns";

    /** Tenant → its budget ledger for the period in force (see {@link BudgetProcessor}). */
    static final String BUDGETS = "router-budgets";

    private RouterStores() {
    }

    static StoreBuilder<KeyValueStore<String, JobState>> jobs() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JOBS), Serdes.String(), jobStates());
    }

    /** Job states as {@link StoredJob}s: the dispatch in flight without the job it repeats. */
    static Serde<JobState> jobStates() {
        Serde<StoredJob> stored = JsonValues.of(StoredJob.class);
        return Serdes.serdeFrom(
                (topic, state) -> state == null ? null : stored.serializer().serialize(topic, StoredJob.of(state)),
                (topic, bytes) -> {
                    StoredJob job = stored.deserializer().deserialize(topic, bytes);
                    return job == null ? null : job.state();
                });
    }

    static StoreBuilder<KeyValueStore<String, String>> timers() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TIMERS), Serdes.String(), Serdes.String());
    }

    static StoreBuilder<KeyValueStore<String, String>> waiting() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WAITING), Serdes.String(), Serdes.String());
    }

    static StoreBuilder<KeyValueStore<String, io.genpipe.router.budget.Ledger>> budgets() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BUDGETS), Serdes.String(),
                JsonValues.of(io.genpipe.router.budget.Ledger.class));
    }

    static StoreBuilder<KeyValueStore<String, io.genpipe.router.cooldown.ProviderCooldown>> cooldowns() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COOLDOWNS), Serdes.String(),
                JsonValues.of(io.genpipe.router.cooldown.ProviderCooldown.class));
    }

    /** Keys sort by due time as strings: 15 digits hold epoch millis until the year 33658. */
    static String timerKey(Instant due, String jobId) {
        return padded(Math.max(0, due.toEpochMilli())) + "/" + jobId;
    }

    /** The first key after every timer due at or before {@code now}. */
    static String timersDueBy(Instant now) {
        return padded(now.toEpochMilli() + 1);
    }

    /** Not String.format: this runs for every job, and the profile showed the format parser. */
    private static String padded(long millis) {
        String digits = Long.toString(millis);
        return "0".repeat(Math.max(0, 15 - digits.length())) + digits;
    }

    static String jobIdOf(String timerKey) {
        return timerKey.substring(timerKey.indexOf('/') + 1);
    }
}
