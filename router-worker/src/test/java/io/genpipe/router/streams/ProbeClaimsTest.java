package io.genpipe.router.streams;

import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.router.cooldown.CooldownRules;
import io.genpipe.router.cooldown.CooldownSettings;
import io.genpipe.router.cooldown.ProviderCooldown;
import io.genpipe.router.cooldown.ProviderCooldown.State;
import io.genpipe.router.tracking.Tick;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.genpipe.contracts.event.GenpipeEvent.SCHEMA_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one owner of a provider's standing grants its probe: claims come from every router instance (a restarted one
 * included, which remembers nothing of what it claimed), and only one dispatch per probing period goes through.
 */
class ProbeClaimsTest {

    private static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");
    private static final Instant PROBING_SINCE = NOW.minusSeconds(1);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CooldownProcessor processor = new CooldownProcessor(new CooldownRules(CooldownSettings.defaults()),
            Duration.ofMillis(200), meters, Clock.fixed(NOW, ZoneOffset.UTC));
    private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    private KeyValueStore<String, ProviderCooldown> standings;

    @BeforeEach
    void aProviderProbingAfterItsCooldown() {
        standings = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RouterStores.COOLDOWNS),
                Serdes.String(), JsonValues.of(ProviderCooldown.class)).withLoggingDisabled().build();
        standings.init(context.getStateStoreContext(), standings);
        context.addStateStore(standings);
        processor.init(context);
        standings.put("alpha", new ProviderCooldown("alpha", State.PROBING, 3, null, PROBING_SINCE,
                "cooled down; probing with one job"));
    }

    @Test
    void theFirstClaimOfAPeriodIsSentAndRecordedAndEveryOtherIsRoutedAgain() {
        AttemptDispatched first = dispatch("j-1", "alpha");
        AttemptDispatched second = dispatch("j-2", "alpha");

        claim(first);
        assertThat(forwarded()).containsExactly(standing("alpha").probedBy(first.eventId()), first);
        assertThat(standing("alpha").probe()).isEqualTo(first.eventId());

        claim(second);
        assertThat(forwarded()).singleElement().isInstanceOfSatisfying(Tick.class, tick -> {
            assertThat(tick.kind()).isEqualTo(Tick.Kind.PROBE_TAKEN);
            assertThat(tick.jobId()).isEqualTo("j-2");
            assertThat(tick.attempt()).isEqualTo(1);
            assertThat(tick.reason()).isEqualTo("alpha's one probe after its cooldown is out (" + first.eventId()
                    + ")");
        });
        assertThat(meters.counter("genpipe.router.probes", "provider", "alpha", "outcome", "granted").count())
                .isEqualTo(1);
        assertThat(meters.counter("genpipe.router.probes", "provider", "alpha", "outcome", "refused").count())
                .isEqualTo(1);
    }

    @Test
    void theProbesOwnClaimReadAgainIsSentAgainWithoutANewStanding() {
        AttemptDispatched probe = dispatch("j-1", "alpha");
        claim(probe);
        forwarded();

        claim(probe); // a redelivery, or the router replaying its decision

        assertThat(forwarded()).containsExactly(probe);
    }

    @Test
    void aClaimOnACoolingProviderIsRoutedAgainAndOnAnAvailableOneIsSent() {
        standings.put("alpha", new ProviderCooldown("alpha", State.COOLING, 4, NOW.plusSeconds(300), NOW,
                "the probe after a cooldown failed, RETRYABLE: HTTP 503"));
        claim(dispatch("j-1", "alpha"));
        assertThat(forwarded()).singleElement().isInstanceOfSatisfying(Tick.class, tick ->
                assertThat(tick.reason()).startsWith("alpha is cooling down until " + NOW.plusSeconds(300)));

        AttemptDispatched toBeta = dispatch("j-2", "beta");
        claim(toBeta);
        assertThat(forwarded()).containsExactly(toBeta);
    }

    @Test
    void aNewProbingPeriodHasAProbeOfItsOwn() {
        AttemptDispatched earlier = dispatch("j-1", "alpha");
        claim(earlier);
        // The probe ended in a worker's internal error: probing again, from now.
        standings.put("alpha", new ProviderCooldown("alpha", State.PROBING, 3, null, NOW, "probing again"));
        forwarded();

        AttemptDispatched next = dispatch("j-2", "alpha");
        claim(next);

        assertThat(forwarded()).endsWith(next);
    }

    private void claim(AttemptDispatched dispatch) {
        processor.process(new Record<>(dispatch.provider(), new ProbeClaim(dispatch), NOW.toEpochMilli()));
    }

    private List<Object> forwarded() {
        List<Object> values = context.forwarded().stream().map(f -> (Object) f.record().value()).toList();
        context.resetForwards();
        return values;
    }

    private ProviderCooldown standing(String provider) {
        return standings.get(provider);
    }

    private static AttemptDispatched dispatch(String jobId, String provider) {
        JobRequested job = new JobRequested(SCHEMA_VERSION, "e-" + jobId, jobId, NOW, "acme", null,
                Operation.TEXT_TO_IMAGE, "a lighthouse", ImageParams.defaults(), null, null, null, null);
        return new AttemptDispatched(SCHEMA_VERSION, jobId + "/e-" + jobId + "/attempt-1", jobId, NOW, 1, provider,
                "gpt-image-2", "probing " + provider, NOW.plusSeconds(120), job, List.of(), null, List.of(), null,
                null);
    }
}
