package io.genpipe.router.routing;

import io.genpipe.catalog.LiveCatalog;
import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.Fit;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.messaging.health.ProviderHealthView;
import io.genpipe.router.cooldown.CooldownView;
import io.genpipe.messaging.settings.ProviderSettingsView;
import io.genpipe.contracts.event.ProviderSettings;
import io.genpipe.router.cooldown.ProviderCooldown;
import io.genpipe.router.budget.TenantBudgets;
import io.genpipe.router.policy.PolicySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.genpipe.contracts.event.GenpipeEvent.SCHEMA_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The planner over random worlds (each provider's health, cooldown and whether it was tried; the job's size, count,
 * seed and negative prompt), on {@link JobRouterTest#CATALOG} whose route starts with a shut-down model: it never
 * picks a provider that is disabled, unhealthy, unknown, cooling down, already tried, or whose model is shut down or
 * cannot do
 * the job; when some candidate can, it picks the first in the route's order; and a job waits only when a provider
 * being unavailable now is what stands in the way.
 */
class RoutePlannerProperties {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final List<String> PROVIDERS = List.of("fal", "openai", "openai-eu");

    enum Standing { UP, DOWN, UNKNOWN, COOLING, PROBE_OUT, DISABLED, MODEL_DISABLED }

    record World(Map<String, Standing> standings, Set<String> tried, ImageParams params) {
    }

    @Property(tries = 500)
    void neverPicksAProviderThatShouldBePassedOverAndOtherwiseTakesTheFirstThatCan(@ForAll("worlds") World world) {
        ProviderHealthView health = new ProviderHealthView();
        CooldownView cooldowns = new CooldownView();
        ProviderSettingsView settings = new ProviderSettingsView();
        world.standings().forEach((provider, standing) -> apply(provider, standing, health, cooldowns, settings));
        RoutePlanner planner = new RoutePlanner(new LiveCatalog(JobRouterTest.CATALOG),
                new Availability(settings, health, cooldowns), PolicySettings.defaults(), TenantBudgets.none(), new SimpleMeterRegistry());
        JobRequested job = new JobRequested(SCHEMA_VERSION, "e-1", "j-1", NOW, "acme", null, Operation.TEXT_TO_IMAGE,
                "a portrait", world.params(), null, null, null, null);

        RoutePlanner.Plan plan = planner.plan(job, world.tried(), null, NOW);

        List<Catalog.Entry> eligible = JobRouterTest.CATALOG.candidates(Operation.TEXT_TO_IMAGE, null).stream()
                .filter(entry -> world.standings().get(entry.provider().name()) == Standing.UP)
                .filter(entry -> !world.tried().contains(entry.provider().name()))
                .filter(entry -> Fit.check(entry.model(), Operation.TEXT_TO_IMAGE, job.prompt(), world.params(),
                        LocalDate.ofInstant(NOW, ZoneOffset.UTC)) instanceof Fit.Fits)
                .toList();
        Optional<Route> route = plan.route();
        if (eligible.isEmpty()) {
            assertThat(route).isEmpty();
            boolean someoneMayRecover = JobRouterTest.CATALOG.candidates(Operation.TEXT_TO_IMAGE, null).stream()
                    .anyMatch(entry -> world.standings().get(entry.provider().name()) != Standing.UP
                            && !world.tried().contains(entry.provider().name())
                            && Fit.check(entry.model(), Operation.TEXT_TO_IMAGE, job.prompt(), world.params(),
                            LocalDate.ofInstant(NOW, ZoneOffset.UTC)) instanceof Fit.Fits);
            assertThat(plan.canWait()).isEqualTo(someoneMayRecover);
        } else {
            assertThat(route).isPresent();
            assertThat(route.get().provider()).isEqualTo(eligible.get(0).provider().name());
            assertThat(route.get().model()).isEqualTo(eligible.get(0).model().id());
        }
    }

    @Provide
    Arbitrary<World> worlds() {
        Arbitrary<Map<String, Standing>> standings = Arbitraries.of(Standing.class).list().ofSize(PROVIDERS.size())
                .map(list -> PROVIDERS.stream().collect(Collectors.toMap(p -> p, p -> list.get(PROVIDERS.indexOf(p)))));
        Arbitrary<Set<String>> tried = Arbitraries.of(PROVIDERS).set().ofMaxSize(PROVIDERS.size());
        Arbitrary<ImageParams> params = Combinators.combine(
                Arbitraries.of(256, 1000, 1024, 2048, 4096), Arbitraries.of(256, 768, 1024, 2160, 4096),
                Arbitraries.integers().between(1, 20), Arbitraries.of(Optional.<Long>empty(), Optional.of(7L)),
                Arbitraries.of(Optional.<String>empty(), Optional.of("blurry")))
                .as((width, height, count, seed, negative) ->
                        new ImageParams(width, height, count, seed.orElse(null), negative.orElse(null)));
        return Combinators.combine(standings, tried, params).as(World::new);
    }

    private static void apply(String provider, Standing standing, ProviderHealthView health, CooldownView cooldowns,
                              ProviderSettingsView settings) {
        if (standing == Standing.DISABLED || standing == Standing.MODEL_DISABLED) {
            settings.record(new ProviderSettings(SCHEMA_VERSION, "s", NOW, provider, standing == Standing.MODEL_DISABLED,
                    standing == Standing.MODEL_DISABLED ? List.of("gpt-image-2", "fal-ai/flux/schnell") : List.of(),
                    "test", "test"));
        }
        if (standing != Standing.UNKNOWN) {
            health.record(new ProviderHealth(SCHEMA_VERSION, "h", NOW.minusSeconds(1), provider, "w1",
                    standing == Standing.DOWN ? HealthState.DOWN : HealthState.UP, "test", NOW.plusSeconds(10)));
        }
        if (standing == Standing.COOLING) {
            cooldowns.record(new ProviderCooldown(provider, ProviderCooldown.State.COOLING, 3, NOW.plusSeconds(60),
                    NOW, "3 consecutive failures"));
        } else if (standing == Standing.PROBE_OUT) {
            cooldowns.record(new ProviderCooldown(provider, ProviderCooldown.State.PROBING, 3, null, NOW, "probing"));
            assertThat(cooldowns.unavailable(provider, NOW, true)).isEmpty(); // this instance's probe is out
        }
    }
}
