package io.genpipe.worker;

import java.net.URI;
import java.util.List;

/**
 * Catalog entries as command-line arguments, for tests that start a worker on a provider of their own: the default
 * catalog plus one more provider, as an operator would add it with ordinary Spring configuration.
 */
public final class CatalogArgs {

    private CatalogArgs() {
    }

    /** A fal provider named {@code name}, with fal-ai/flux/schnell as the default catalog prices it. */
    public static List<String> falProvider(String name, URI baseUrl, String apiKeyEnv) {
        String provider = "--genpipe.catalog.providers." + name;
        String model = provider + ".models[fal-ai/flux/schnell]";
        return List.of(
                provider + ".adapter=fal",
                provider + ".base-url=" + baseUrl,
                provider + ".api-key-env=" + apiKeyEnv,
                model + ".operations=text-to-image",
                model + ".sizes.multiple-of=8",
                model + ".sizes.min-side=64",
                model + ".sizes.largest=2048x2048",
                model + ".sizes.max-aspect=4",
                model + ".max-images=4",
                model + ".seed=true",
                model + ".latency-p50=1500ms",
                model + ".quality=60",
                model + ".pricing.per-megapixel=0.003");
    }
}
