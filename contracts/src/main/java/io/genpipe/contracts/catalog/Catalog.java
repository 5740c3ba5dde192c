package io.genpipe.contracts.catalog;

import io.genpipe.contracts.event.Operation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    public Catalog(Map<String, CatalogProvider> providers, Map<Operation, List<ModelRef>> routes) {
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
        return entries().stream()
                .filter(entry -> entry.model().id().equals(model) && entry.model().supports(operation))
                .toList();
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
        if (provider == null || provider.model(ref.model()).isEmpty()) {
            return this;
        }
        Map<String, CatalogModel> models = new LinkedHashMap<>(provider.models());
        models.put(ref.model(), models.get(ref.model()).withLifecycle(lifecycle));
        Map<String, CatalogProvider> changed = new LinkedHashMap<>(providers);
        changed.put(provider.name(), new CatalogProvider(provider.name(), provider.adapter(), provider.baseUrl(),
                provider.apiKeyEnv(), provider.limits(), models));
        return new Catalog(changed, routes);
    }

    /** One model together with its provider. */
    public record Entry(CatalogProvider provider, CatalogModel model) {

        public ModelRef ref() {
            return new ModelRef(provider.name(), model.id());
        }
    }
}
