package io.genpipe.contracts.catalog;

import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RoutingRequest.Preset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything genpipe knows about providers and models: what each model does, accepts, costs and how long it
 * lives, and the order in which routes try them per operation. Every service reads the same catalog.
 * Immutable; a catalog that exists is consistent (every route names a known provider and model).
 */
public final class Catalog {

    private final Map<String, CatalogProvider> providers;
    private final Map<Operation, List<ModelRef>> routes;
    /** The routes resolved once: the router asks for them on every decision. */
    private final Map<Operation, List<Entry>> resolvedRoutes;
    private final Map<Operation, Map<Preset, List<PresetEntry>>> presets;

    public Catalog(Map<String, CatalogProvider> providers, Map<Operation, List<ModelRef>> routes) {
        this(providers, routes, Map.of());
    }

    /**
     * @param presets per operation, seed 004's quality presets: each a short route of models, with the steps to send
     *                each (a model's default when absent)
     */
    public Catalog(Map<String, CatalogProvider> providers, Map<Operation, List<ModelRef>> routes,
                   Map<Operation, Map<Preset, List<PresetStep>>> presets) {
        this.providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
        Map<Operation, List<ModelRef>> copy = new EnumMap<>(Operation.class);
        routes.forEach((operation, refs) -> copy.put(operation, List.copyOf(refs)));
        this.routes = Collections.unmodifiableMap(copy);
        Map<Operation, List<Entry>> resolved = new EnumMap<>(Operation.class);
        this.routes.forEach((operation, refs) -> resolved.put(operation, refs.stream()
                .map(ref -> entry(ref).orElseThrow(() -> new IllegalArgumentException("route for "
                        + operation.wireName() + " names " + ref + ", which is not in the catalog")))
                .toList()));
        this.resolvedRoutes = Collections.unmodifiableMap(resolved);
        Map<Operation, Map<Preset, List<PresetEntry>>> resolvedPresets = new EnumMap<>(Operation.class);
        presets.forEach((operation, levels) -> {
            Map<Preset, List<PresetEntry>> byLevel = new EnumMap<>(Preset.class);
            levels.forEach((level, steps) -> byLevel.put(level, steps.stream()
                    .map(step -> new PresetEntry(entry(step.ref()).orElseThrow(() -> new IllegalArgumentException(
                            "preset " + level.wireName() + " for " + operation.wireName() + " names " + step.ref()
                                    + ", which is not in the catalog")), step.steps()))
                    .toList()));
            resolvedPresets.put(operation, Collections.unmodifiableMap(byLevel));
        });
        this.presets = Collections.unmodifiableMap(resolvedPresets);
    }

    public Map<String, CatalogProvider> providers() {
        return providers;
    }

    public Optional<CatalogProvider> provider(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    public Optional<Entry> entry(ModelRef ref) {
        CatalogProvider provider = providers.get(ref.provider());
        return provider == null ? Optional.empty() : provider.model(ref.model()).map(model -> new Entry(provider, model));
    }

    /** The models routes try for {@code operation}, in priority order. */
    public List<Entry> route(Operation operation) {
        return resolvedRoutes.getOrDefault(operation, List.of());
    }

    /**
     * The models that may do a job of {@code operation}, in the order to try them. A job that names no model gets
     * the route. A job that names a model gets the route's entries of that model, or, when no route uses it, every
     * provider's entry of that model that does the operation, in catalog order: so a replacement the catalog names
     * ("gpt-image-2.6-flare") can be asked for by name before any route lists it.
     */
    public List<Entry> candidates(Operation operation, String model) {
        if (model == null) {
            return route(operation);
        }
        List<Entry> routed = route(operation).stream().filter(entry -> entry.model().id().equals(model)).toList();
        if (!routed.isEmpty()) {
            return routed;
        }
        return named(model).stream().filter(entry -> entry.model().supports(operation)).toList();
    }

    /**
     * Every provider's model of that id, in catalog order: the listed ones or, when no provider lists it, the ones
     * trained on a provider's account (see {@link CatalogProvider.TrainedModels}). Empty for an unknown id.
     */
    public List<Entry> named(String model) {
        List<Entry> listed = entries().stream().filter(entry -> entry.model().id().equals(model)).toList();
        if (!listed.isEmpty() || model == null) {
            return listed;
        }
        List<Entry> trained = new ArrayList<>();
        providers.values().forEach(provider -> provider.model(model)
                .ifPresent(found -> trained.add(new Entry(provider, found))));
        return trained;
    }

    /** The models a quality preset tries for {@code operation}, in order; empty when the catalog has none. */
    public List<PresetEntry> preset(Operation operation, Preset preset) {
        return presets.getOrDefault(operation, Map.of()).getOrDefault(preset, List.of());
    }

    /** The presets the catalog defines for {@code operation}. */
    public Set<Preset> presets(Operation operation) {
        return presets.getOrDefault(operation, Map.of()).keySet();
    }

    /**
     * The models that may do a job of {@code operation} that names {@code provider}: that provider's entries of the
     * named {@code model} (route or not), or without a model the provider's entries in the route, in its order; when
     * the route has none of it, every model of the provider that does the operation, in catalog order. Naming a
     * provider picks the vendor, not a different model than the operators routed to.
     */
    public List<Entry> providerCandidates(Operation operation, String provider, String model) {
        CatalogProvider known = providers.get(provider);
        if (known == null) {
            return List.of();
        }
        List<Entry> all = known.models().values().stream()
                .filter(candidate -> candidate.supports(operation))
                .map(candidate -> new Entry(known, candidate))
                .toList();
        if (model != null) {
            List<Entry> named = all.stream().filter(entry -> entry.model().id().equals(model)).toList();
            return named.isEmpty() ? known.model(model).filter(found -> found.supports(operation))
                    .map(found -> List.of(new Entry(known, found))).orElse(List.of()) : named;
        }
        List<Entry> routed = route(operation).stream().filter(entry -> entry.provider().name().equals(provider))
                .toList();
        return routed.isEmpty() ? all : routed;
    }

    public Map<Operation, List<ModelRef>> routes() {
        return routes;
    }

    /** Every model of every provider, in catalog order. */
    public List<Entry> entries() {
        List<Entry> all = new ArrayList<>();
        providers.values().forEach(provider -> provider.models().values()
                .forEach(model -> all.add(new Entry(provider, model))));
        return all;
    }

    /** The providers some route may dispatch to; each needs a dispatch topic. */
    public List<String> routedProviders() {
        return routes.values().stream().flatMap(List::stream).map(ModelRef::provider).distinct().toList();
    }

    /** The same catalog with one model's lifecycle replaced, e.g. by what its vendor published. */
    public Catalog withLifecycle(ModelRef ref, Lifecycle lifecycle) {
        CatalogProvider provider = providers.get(ref.provider());
        if (provider == null || !provider.models().containsKey(ref.model())) {
            return this;
        }
        Map<String, CatalogModel> models = new LinkedHashMap<>(provider.models());
        models.put(ref.model(), models.get(ref.model()).withLifecycle(lifecycle));
        Map<String, CatalogProvider> changed = new LinkedHashMap<>(providers);
        changed.put(provider.name(), provider.withModels(models));
        return new Catalog(changed, routes, presetSteps());
    }

    /** Every operation's presets as configured: per level, the models in order with their steps. */
    public Map<Operation, Map<Preset, List<PresetStep>>> presetSteps() {
        Map<Operation, Map<Preset, List<PresetStep>>> unresolved = new EnumMap<>(Operation.class);
        presets.forEach((operation, levels) -> {
            Map<Preset, List<PresetStep>> byLevel = new EnumMap<>(Preset.class);
            levels.forEach((level, entries) -> byLevel.put(level, entries.stream()
                    .map(entry -> new PresetStep(entry.entry().ref(), entry.steps())).toList()));
            unresolved.put(operation, byLevel);
        });
        return unresolved;
    }

    /** The same catalog with these presets in place of its own (every model they name must be in it). */
    public Catalog withPresets(Map<Operation, Map<Preset, List<PresetStep>>> replaced) {
        return new Catalog(providers, routes, replaced);
    }

    /** One model of a preset, as configured: which, and the steps to send it ({@code null}: its default). */
    public record PresetStep(ModelRef ref, Integer steps) {
    }

    /** One model of a preset, resolved. */
    public record PresetEntry(Entry entry, Integer steps) {
    }

    /** One model together with its provider. */
    public record Entry(CatalogProvider provider, CatalogModel model) {

        public ModelRef ref() {
            return new ModelRef(provider.name(), model.id());
        }
    }
}
