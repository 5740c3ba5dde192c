package io.genpipe.catalog;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog as configuration: {@code genpipe-catalog.yml} (or the file at {@code genpipe.catalog.location}) under
 * whatever the service's own configuration overrides, key by key. {@link CatalogReader} turns it into the
 * contracts' {@code Catalog} and refuses it, naming the key, when it is inconsistent.
 *
 * @param location        where the catalog file is; the default is the one shipped in this module
 * @param providers       provider name to provider
 * @param routes          operation (wire name, {@code text-to-image}) to the models to try, in priority order
 * @param presets         operation to quality preset ({@code fast}, {@code standard}, {@code high}, {@code ultra}) to
 *                        the models it tries, in order, each with the steps to send it
 * @param shutdownWarning a model this close to its shutdown is flagged by {@code GET /v1/models} and workers
 */
@ConfigurationProperties("genpipe.catalog")
public record CatalogProperties(
        @DefaultValue(CatalogFile.DEFAULT_LOCATION) String location,
        Map<String, ProviderSpec> providers,
        Map<String, List<RouteSpec>> routes,
        Map<String, Map<String, List<PresetSpec>>> presets,
        @DefaultValue("30d") Duration shutdownWarning) {

    public CatalogProperties {
        providers = providers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(providers));
        routes = routes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(routes));
        presets = presets == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(presets));
    }

    /**
     * @param adapter   the vendor API it speaks; a worker adapter factory of this type must exist
     * @param baseUrl   the API root
     * @param apiKeyEnv the NAME of the variable with the key
     * @param limits    the vendor account's limits; unset where unknown
     * @param models    model id to model; ids with slashes are written in brackets: {@code "[fal-ai/flux/schnell]"}
     * @param trainedModels how jobs name the models the account trained; unset: only the listed models
     */
    public record ProviderSpec(String adapter, URI baseUrl, String apiKeyEnv, LimitsSpec limits,
                               Map<String, ModelSpec> models, TrainedModelsSpec trainedModels) {

        public ProviderSpec {
            models = models == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(models));
        }
    }

    /**
     * Models trained on the account: {@code ids}, a regular expression every such id matches whole; {@code like}, the
     * listed model they are served as; {@code pricing} and {@code price-source}, how they are billed when that differs
     * from {@code like}.
     */
    public record TrainedModelsSpec(String ids, String like, ModelSpec.PricingSpec pricing, String priceSource) {
    }

    /** @param concurrency calls in progress at once; @param requestsPerMinute calls started per minute */
    public record LimitsSpec(Integer concurrency, Integer requestsPerMinute) {
    }

    /** One step of a route: a provider and one of its models. */
    public record RouteSpec(String provider, String model) {
    }

    /** One model of a quality preset, and the inference steps to send it (its default when unset). */
    public record PresetSpec(String provider, String model, Integer steps) {
    }
}
