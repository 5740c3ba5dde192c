package io.genpipe.router.routing;

import io.genpipe.catalog.LiveCatalog;
import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.Fit;
import io.genpipe.contracts.event.BudgetPeriod;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.contracts.event.ProviderSettings;
import io.genpipe.contracts.event.RoutingRequest;
import io.genpipe.contracts.event.SpendScope;
import io.genpipe.contracts.event.SpendSnapshot;
import io.genpipe.messaging.health.ProviderHealthView;
import io.genpipe.messaging.settings.ProviderSettingsView;
import io.genpipe.messaging.spend.SpendView;
import io.genpipe.router.budget.TenantBudgets;
import io.genpipe.router.cooldown.CooldownView;
import io.genpipe.router.cooldown.ProviderCooldown;
import io.genpipe.router.observed.Observations;
import io.genpipe.router.policy.ExperimentSettings;
import io.genpipe.router.policy.PolicySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.genpipe.contracts.event.GenpipeEvent.SCHEMA_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policies over random worlds ({@link PoliciesTest#CATALOG}; each provider's standing, backlog, operator priority
 * and weight; which providers were tried; and a random routing request): whatever the policy, the router never picks a
 * provider that is disabled, down, unknown, cooling down, over its budget or already tried, nor a model that is
 * incapable or misses a
 * requirement; a provider or preset the job forces without fallback is respected; and it finds a route whenever one
 * qualifies. Separately, an A/B split's shares converge to its weights.
 */
class PolicyProperties {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final List<String> PROVIDERS = List.of("cheap", "mid", "best");
    private static final PolicySettings POLICY = PolicySettings.defaults();

    /** OVER_BUDGET: UP, but the sink saw its day's budget spent. */
    enum Standing { UP, DOWN, UNKNOWN, COOLING, DISABLED, OVER_BUDGET }

    record Provider(Standing standing, Integer backlog, Integer priority, Double weight) {
    }

    record World(Map<String, Provider> providers, Set<String> tried, RoutingRequest request, String model) {
    }

    @Property(tries = 1000)
    void neverPicksWhatShouldBePassedOverAndAlwaysFindsWhatQualifies(@ForAll("worlds") World world) {
        ProviderHealthView health = new ProviderHealthView();
        ProviderSettingsView operators = new ProviderSettingsView();
        CooldownView cooldowns = new CooldownView();
        SpendView spend = new SpendView();
        world.providers().forEach((name, provider) -> apply(name, provider, health, operators, cooldowns, spend));
        RoutePlanner planner = new RoutePlanner(new LiveCatalog(PoliciesTest.CATALOG),
                new Availability(operators, health, cooldowns, new Observations(), spend), POLICY, TenantBudgets.none(),
                new SimpleMeterRegistry());
        JobRequested job = new JobRequested(SCHEMA_VERSION, "e-1", "j-1", NOW, "acme", null, Operation.TEXT_TO_IMAGE,
                "a portrait", ImageParams.defaults(), null, null, world.model(), world.request());

        RoutePlanner.Plan plan = planner.plan(job, world.tried(), null, NOW);

        List<Choice> qualifying = allowed(world).stream().filter(choice -> qualifies(choice, world)).toList();
        if (plan.route().isEmpty()) {
            assertThat(qualifying).as("qualifying, yet no route: %s", plan.whyNone()).isEmpty();
            return;
        }
        Route route = plan.route().get();
        assertThat(qualifying).as("the chosen one qualifies").anySatisfy(choice -> {
            assertThat(choice.entry().provider().name()).isEqualTo(route.provider());
            assertThat(choice.entry().model().id()).isEqualTo(route.model());
        });
        RoutingRequest request = world.request();
        if (!request.fallbackAllowed() && request.provider() != null) {
            assertThat(route.provider()).isEqualTo(request.provider());
        }
        if (!request.fallbackAllowed() && world.model() != null) {
            assertThat(route.model()).isEqualTo(world.model());
        }
        assertThat(route.explanation().scores().get(0).provider()).isEqualTo(route.provider());
    }

    @Property(tries = 20)
    void anExperimentsSharesConvergeToItsWeights(@ForAll @Size(min = 2, max = 4) List<@DoubleRange(min = 0.5, max = 10) Double> weights) {
        List<ExperimentSettings.Arm> arms = IntStream.range(0, weights.size())
                .mapToObj(i -> new ExperimentSettings.Arm("arm-" + i, PROVIDERS.get(i % PROVIDERS.size()), null,
                        weights.get(i)))
                .toList();
        ExperimentSettings experiment = new ExperimentSettings("ab", "text-to-image", true, arms);
        int jobs = 4000;
        Map<String, Long> counts = IntStream.range(0, jobs).mapToObj(i -> experiment.assign("job-" + i).name())
                .collect(Collectors.groupingBy(name -> name, Collectors.counting()));
        double total = weights.stream().mapToDouble(Double::doubleValue).sum();

        for (int i = 0; i < arms.size(); i++) {
            double share = counts.getOrDefault("arm-" + i, 0L) / (double) jobs;
            assertThat(share).as("arm %d of weight %.2f / %.2f", i, weights.get(i), total)
                    .isCloseTo(weights.get(i) / total, org.assertj.core.data.Offset.offset(0.035));
        }
        assertThat(experiment.assign("job-17")).isEqualTo(experiment.assign("job-17"));
    }

    /** What the job may be routed to at all: what it named, plus the route when it allows fallback. */
    private static List<Choice> allowed(World world) {
        Catalog catalog = PoliciesTest.CATALOG;
        RoutingRequest request = world.request();
        List<Choice> named = new ArrayList<>();
        if (request.preset() != null) {
            catalog.preset(Operation.TEXT_TO_IMAGE, request.preset())
                    .forEach(entry -> named.add(new Choice(entry.entry(), entry.steps())));
        } else {
            // Every catalog provider of this catalog is in the route: naming one keeps to its route entries.
            catalog.entries().stream().filter(entry -> entry.model().supports(Operation.TEXT_TO_IMAGE))
                    .filter(entry -> world.model() != null || catalog.route(Operation.TEXT_TO_IMAGE).contains(entry))
                    .forEach(entry -> named.add(new Choice(entry, null)));
        }
        List<Choice> allowed = new ArrayList<>(named.stream()
                .filter(choice -> request.provider() == null
                        || choice.entry().provider().name().equals(request.provider()))
                .filter(choice -> world.model() == null || choice.entry().model().id().equals(world.model()))
                .toList());
        boolean namedSomething = request.preset() != null || request.provider() != null || world.model() != null;
        if (namedSomething && request.fallbackAllowed()) {
            catalog.route(Operation.TEXT_TO_IMAGE).forEach(entry -> allowed.add(new Choice(entry, null)));
        }
        return allowed;
    }

    private static boolean qualifies(Choice choice, World world) {
        String provider = choice.entry().provider().name();
        CatalogModel model = choice.entry().model();
        ImageParams params = choice.steps() == null ? ImageParams.defaults()
                : ImageParams.defaults().withSteps(choice.steps());
        if (world.providers().get(provider).standing() != Standing.UP || world.tried().contains(provider)) {
            return false;
        }
        if (!(Fit.check(model, Operation.TEXT_TO_IMAGE, "a portrait", params,
                LocalDate.ofInstant(NOW, ZoneOffset.UTC)) instanceof Fit.Fits)) {
            return false;
        }
        RoutingRequest request = world.request();
        if (request.quality() == RoutingRequest.QualityTier.PREMIUM && model.quality() < POLICY.premiumQuality()) {
            return false;
        }
        if (request.speed() == RoutingRequest.SpeedTier.FAST
                && model.latency().p50().compareTo(POLICY.fastLatency()) > 0) {
            return false;
        }
        Optional<BigDecimal> limit = request.budget() == null ? Optional.empty()
                : POLICY.budgets().limit(request.budget());
        if (request.maxCostPerImageUsd() != null) {
            limit = Optional.of(limit.map(l -> l.min(request.maxCostPerImageUsd())).orElse(request.maxCostPerImageUsd()));
        }
        if (limit.isPresent()) {
            Optional<BigDecimal> cost = model.estimate(new io.genpipe.contracts.catalog.Size(1024, 1024), 1, "a portrait".length())
                    .map(usd -> usd.amount());
            return cost.isPresent() && cost.get().compareTo(limit.get()) <= 0;
        }
        return true;
    }

    @Provide
    Arbitrary<World> worlds() {
        Arbitrary<Provider> provider = Combinators.combine(Arbitraries.of(Standing.class),
                Arbitraries.integers().between(0, 50).injectNull(0.3),
                Arbitraries.integers().between(-1, 2).injectNull(0.6),
                Arbitraries.of(0.0, 0.5, 1.0, 2.0).injectNull(0.6)).as(Provider::new);
        Arbitrary<Map<String, Provider>> providers = provider.list().ofSize(PROVIDERS.size()).map(list -> {
            Map<String, Provider> byName = new HashMap<>();
            for (int i = 0; i < PROVIDERS.size(); i++) {
                byName.put(PROVIDERS.get(i), list.get(i));
            }
            return byName;
        });
        Arbitrary<Set<String>> tried = Arbitraries.of(PROVIDERS).set().ofMaxSize(2);
        Arbitrary<RoutingRequest> request = Combinators.combine(
                Arbitraries.of(RoutingRequest.Priority.class).injectNull(0.3),
                Arbitraries.of(RoutingRequest.QualityTier.class).injectNull(0.5),
                Arbitraries.of(RoutingRequest.SpeedTier.class).injectNull(0.6),
                Arbitraries.of(RoutingRequest.BudgetTier.class).injectNull(0.6),
                Arbitraries.of(new BigDecimal("0.005"), new BigDecimal("0.02"), new BigDecimal("1")).injectNull(0.7),
                Arbitraries.of(RoutingRequest.Preset.FAST, RoutingRequest.Preset.HIGH).injectNull(0.6),
                Arbitraries.of("cheap", "mid", "best").injectNull(0.6),
                Arbitraries.of(true, false).injectNull(0.3))
                .as(RoutingRequest::new);
        Arbitrary<String> model = Arbitraries.of("mid-1", "best-lite", "mid-unpriced").injectNull(0.8);
        return Combinators.combine(providers, tried, request, model).as(World::new);
    }

    private static void apply(String name, Provider provider, ProviderHealthView health,
                              ProviderSettingsView operators, CooldownView cooldowns, SpendView spend) {
        if (provider.standing() != Standing.UNKNOWN) {
            health.record(new ProviderHealth(SCHEMA_VERSION, "h", NOW.minusSeconds(1), name, "w1",
                    provider.standing() == Standing.DOWN ? HealthState.DOWN : HealthState.UP, "test",
                    NOW.plusSeconds(10), provider.backlog()));
        }
        if (provider.standing() == Standing.OVER_BUDGET) {
            spend.record(SpendSnapshot.of(SpendScope.PROVIDER, name, BudgetPeriod.DAY,
                    LocalDate.ofInstant(NOW, ZoneOffset.UTC), new BigDecimal("1.50"), 0, BigDecimal.ONE, NOW));
        }
        if (provider.standing() == Standing.COOLING) {
            cooldowns.record(new ProviderCooldown(name, ProviderCooldown.State.COOLING, 3, NOW.plusSeconds(60), NOW,
                    "3 consecutive failures"));
        }
        operators.record(new ProviderSettings(SCHEMA_VERSION, "s", NOW, name,
                provider.standing() != Standing.DISABLED, List.of(), "test", "test", provider.priority(),
                provider.weight(), null, 0L));
    }

    private record Choice(Catalog.Entry entry, Integer steps) {
    }
}
