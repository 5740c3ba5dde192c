package io.genpipe.worker;

import io.genpipe.catalog.CatalogFiles;
import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.CatalogProvider;
import io.genpipe.contracts.catalog.Pricing;
import io.genpipe.worker.provider.ApiKey;
import io.genpipe.worker.provider.ProviderSettings;
import io.genpipe.worker.provider.ServedProvider;

import java.util.Map;

/** The default catalog, as every service reads it, and models of it changed for a test. */
public final class TestCatalog {

    public static final Catalog DEFAULT = CatalogFiles.defaults();

    private TestCatalog() {
    }

    public static CatalogProvider provider(String name) {
        return DEFAULT.provider(name).orElseThrow();
    }

    public static CatalogModel model(String provider, String id) {
        return provider(provider).model(id).orElseThrow();
    }

    public static CatalogModel flux() {
        return model("fal", "fal-ai/flux/schnell");
    }

    public static CatalogModel gptImage2() {
        return model("openai", "gpt-image-2");
    }

    /** The model with another price, e.g. one the vendor's report does not cover. */
    public static CatalogModel priced(CatalogModel model, Pricing pricing) {
        return new CatalogModel(model.id(), model.operations(), model.capabilities(), model.latency(), model.quality(),
                model.renderQuality(), pricing, model.priceSource(), model.lifecycle(), model.options());
    }

    /** The model with other adapter options, e.g. fal's {@code output-format-field}. */
    public static CatalogModel withOptions(CatalogModel model, Map<String, String> options) {
        return new CatalogModel(model.id(), model.operations(), model.capabilities(), model.latency(), model.quality(),
                model.renderQuality(), model.pricing(), model.priceSource(), model.lifecycle(), options);
    }

    /** A served catalog provider with its key. */
    public static ServedProvider served(String name, String key) {
        CatalogProvider provider = provider(name);
        ApiKey apiKey = key == null ? ApiKey.absent(provider.apiKeyEnv()) : ApiKey.of(provider.apiKeyEnv(), key);
        return new ServedProvider(name, provider, ProviderSettings.DEFAULTS, apiKey);
    }

    /** As {@link #served}, at another base URL (the simulator's). */
    public static ServedProvider servedAt(String name, String key, java.net.URI baseUrl) {
        ServedProvider served = served(name, key);
        CatalogProvider at = served.catalog();
        return new ServedProvider(name, new CatalogProvider(at.name(), at.adapter(), baseUrl, at.apiKeyEnv(), at.limits(),
                at.models(), at.trained()), served.settings(), served.apiKey());
    }
}
