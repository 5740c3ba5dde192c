package io.genpipe.contracts.catalog;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider: a named instance of a vendor adapter. Two OpenAI organizations are two providers. Topics,
 * health, breakers, limits and routing all key on the name.
 *
 * @param name      names its dispatch topic, consumer group, breaker and health
 * @param adapter   which vendor API it speaks ({@code fal}, {@code openai}, ...): the workers' adapter factory of
 *                  that type serves it
 * @param baseUrl   the API root
 * @param apiKeyEnv the NAME of the variable that holds its key, never the key
 * @param limits    the vendor account's limits
 * @param models    its models by id, in the order the catalog lists them
 */
public record CatalogProvider(String name, String adapter, URI baseUrl, String apiKeyEnv, Limits limits,
                              Map<String, CatalogModel> models) {

    public CatalogProvider {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(adapter, "adapter");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
        limits = limits == null ? Limits.UNKNOWN : limits;
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
    }

    public Optional<CatalogModel> model(String id) {
        return Optional.ofNullable(models.get(id));
    }

    /**
     * What the vendor allows this account; {@code null} where the catalog does not know.
     *
     * @param concurrency       calls in progress at once
     * @param requestsPerMinute calls started per minute
     */
    public record Limits(Integer concurrency, Integer requestsPerMinute) {

        public static final Limits UNKNOWN = new Limits(null, null);

        public Limits {
            if (concurrency != null && concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
            }
            if (requestsPerMinute != null && requestsPerMinute < 1) {
                throw new IllegalArgumentException("requests-per-minute must be at least 1, was " + requestsPerMinute);
            }
        }
    }
}
