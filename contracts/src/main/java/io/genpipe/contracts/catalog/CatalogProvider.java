package io.genpipe.contracts.catalog;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

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
 * @param trained   how a model that the account trained (and the catalog cannot list) is named and served;
 *                  {@code null} when a job can name only the listed models
 */
public record CatalogProvider(String name, String adapter, URI baseUrl, String apiKeyEnv, Limits limits,
                              Map<String, CatalogModel> models, TrainedModels trained) {

    public CatalogProvider {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(adapter, "adapter");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
        limits = limits == null ? Limits.UNKNOWN : limits;
        models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
        if (trained != null && !models.containsKey(trained.like())) {
            throw new IllegalArgumentException("trained models are served like '" + trained.like()
                    + "', which is not one of its models " + models.keySet());
        }
    }

    /** A provider whose jobs can name only the models it lists. */
    public CatalogProvider(String name, String adapter, URI baseUrl, String apiKeyEnv, Limits limits,
                           Map<String, CatalogModel> models) {
        this(name, adapter, baseUrl, apiKeyEnv, limits, models, null);
    }

    /**
     * The model of that id: a listed one, or one the account trained (a Leonardo custom model, a Replicate model
     * version), which the vendor serves like the catalog's {@link TrainedModels#like} model.
     */
    public Optional<CatalogModel> model(String id) {
        CatalogModel listed = models.get(id);
        if (listed != null || id == null || trained == null || !trained.names(id)) {
            return Optional.ofNullable(listed);
        }
        return Optional.of(models.get(trained.like()).trained(id, trained.pricing(), trained.priceSource()));
    }

    /** The same provider with other models (a lifecycle changed), trained ones named as before. */
    public CatalogProvider withModels(Map<String, CatalogModel> changed) {
        return new CatalogProvider(name, adapter, baseUrl, apiKeyEnv, limits, changed, trained);
    }

    /**
     * Models trained on the vendor's account after the catalog was written: what genpipe's own trainings make, named
     * by the id the training reported ({@code TrainedModel.reference}). The vendor generates with them as with one of
     * its listed models, so that model's sizes, parameters and latency apply.
     *
     * @param ids         the pattern every such id matches, whole; a listed model's id always wins
     * @param like        the listed model whose facts they share
     * @param pricing     how the vendor bills them; {@code null}: as {@code like} is billed
     * @param priceSource where that price comes from
     */
    public record TrainedModels(Pattern ids, String like, Pricing pricing, String priceSource) {

        public TrainedModels {
            Objects.requireNonNull(ids, "ids");
            Objects.requireNonNull(like, "like");
        }

        boolean names(String id) {
            return ids.matcher(id).matches();
        }
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
