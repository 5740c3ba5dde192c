package io.genpipe.router.streams;

import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.router.cooldown.CooldownRules;
import io.genpipe.router.cooldown.ProviderCooldown;
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
        AttemptResult result = ((CountedResult) record.value()).result();
        ProviderCooldown before = standings.get(result.provider());
        ProviderCooldown after = rules.apply(before, result, clock.instant());
        change(before, after);
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
