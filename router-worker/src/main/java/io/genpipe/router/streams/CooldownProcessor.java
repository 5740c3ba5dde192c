package io.genpipe.router.streams;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.router.cooldown.CooldownRules;
import io.genpipe.router.cooldown.ProviderCooldown;
import io.genpipe.router.tracking.Tick;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one owner of each provider's standing: the results that moved a job on arrive here keyed by provider, from
 * every partition,
 * so the consecutive failures and the cooldowns count what the whole router group saw. A change that matters to
 * routing is published (compacted, key provider) for every router instance; a timer turns an ended cooldown into a
 * probe.
 *
 * <p>It also grants the probe: every dispatch to a provider that is not plainly available comes here first as a
 * {@link ProbeClaim}, from any router instance. The first claim of a probing period is sent on and recorded in the
 * standing ({@link ProviderCooldown#probe}); any other is not sent, and its job is routed again
 * ({@link Tick.Kind#PROBE_TAKEN}). So one job at a time probes a provider in the whole group, and a router that
 * restarts and forgets what it claimed cannot send a second.
 */
class CooldownProcessor implements Processor<String, Object, String, Object> {

    private final CooldownRules rules;
    private final Duration interval;
    private final MeterRegistry meters;
    private final Clock clock;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, ProviderCooldown> standings;

    CooldownProcessor(CooldownRules rules, Duration interval, MeterRegistry meters, Clock clock) {
        this.rules = rules;
        this.interval = interval;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.standings = context.getStateStore(RouterStores.COOLDOWNS);
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, millis -> endCooldowns());
    }

    @Override
    public void process(Record<String, Object> record) {
        if (record.value() instanceof ProbeClaim claim) {
            claim(record, claim.dispatch());
            return;
        }
        AttemptResult result = ((CountedResult) record.value()).result();
        ProviderCooldown before = standings.get(result.provider());
        ProviderCooldown after = rules.apply(before, result, clock.instant());
        change(before, after);
    }

    private void claim(Record<String, Object> record, AttemptDispatched dispatch) {
        ProviderCooldown standing = standings.get(dispatch.provider());
        Instant now = clock.instant();
        String outcome;
        if (standing == null || standing.state() == ProviderCooldown.State.AVAILABLE) {
            outcome = "available"; // the probe decided meanwhile, and well
        } else if (standing.state() == ProviderCooldown.State.PROBING
                && (standing.probe() == null || standing.probe().equals(dispatch.eventId()))) {
            outcome = "granted"; // the period's first claim, or the same one read again
            change(standing, standing.probedBy(dispatch.eventId()));
        } else {
            String why = standing.state() == ProviderCooldown.State.COOLING
                    ? dispatch.provider() + " is cooling down until " + standing.until() + " (" + standing.reason() + ")"
                    : dispatch.provider() + "'s one probe after its cooldown is out (" + standing.probe() + ")";
            meters.counter("genpipe.router.probes", "provider", dispatch.provider(), "outcome", "refused")
                    .increment();
            context.forward(record.withKey(dispatch.jobId())
                    .withValue((Object) Tick.probeTaken(dispatch.jobId(), dispatch.attempt(), why, now))
                    .withTimestamp(now.toEpochMilli()));
            return;
        }
        meters.counter("genpipe.router.probes", "provider", dispatch.provider(), "outcome", outcome).increment();
        // Forwarded from the claim, so it keeps the record's headers: the job's trace goes on.
        context.forward(record.withKey(dispatch.jobId()).withValue((Object) dispatch)
                .withTimestamp(now.toEpochMilli()));
    }

    private void endCooldowns() {
        Instant now = clock.instant();
        List<ProviderCooldown> cooling = new ArrayList<>();
        try (KeyValueIterator<String, ProviderCooldown> it = standings.all()) {
            it.forEachRemaining(entry -> cooling.add(entry.value));
        }
        for (ProviderCooldown before : cooling) {
            change(before, rules.expire(before, now));
        }
    }

    private void change(ProviderCooldown before, ProviderCooldown after) {
        if (after.equals(before)) {
            return;
        }
        standings.put(after.provider(), after);
        // Republished when the state is the same too: a record read again after a crash then still reaches readers.
        if (!after.sameStateAs(before)) {
            meters.counter("genpipe.router.cooldowns", "provider", after.provider(), "state",
                    after.state().name().toLowerCase()).increment();
        }
        context.forward(new Record<>(after.provider(), after, clock.millis()));
    }
}
