package io.genpipe.worker.provider;

import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.CatalogProvider;
import io.genpipe.contracts.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The catalog's providers this instance serves, with their keys. A served name the catalog does not know stops the
 * start-up: that is a deployment mistake better seen at once than as a worker group that silently never consumes.
 */
public final class ServedProviders {

    private static final Logger log = LoggerFactory.getLogger(ServedProviders.class);

    private final List<ServedProvider> providers;

    private ServedProviders(List<ServedProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /** Keys are read through Spring's Environment: an environment variable, a system property or a property. */
    public static ServedProviders resolve(WorkerSettings settings, Catalog catalog, Environment environment) {
        return resolve(settings, catalog, environment::getProperty);
    }

    /**
     * @param variables the value of a variable by its name ({@code FAL_KEY}), or null
     * @throws ProviderConfigurationException when a served name is not in the catalog
     */
    public static ServedProviders resolve(WorkerSettings settings, Catalog catalog, Function<String, String> variables) {
        List<String> names = settings.serve().isEmpty() ? List.copyOf(catalog.providers().keySet()) : settings.serve();
        settings.providers().keySet().stream()
                .filter(name -> catalog.provider(name).isEmpty())
                .forEach(name -> log.warn("genpipe.workers.providers.{} configures a provider the catalog does not have;"
                        + " it is ignored", name));
        List<ServedProvider> served = new ArrayList<>();
        for (String name : names) {
            Topics.requireProviderName(name);
            CatalogProvider provider = catalog.provider(name).orElseThrow(() -> new ProviderConfigurationException(
                    "genpipe.workers.serve: '" + name + "' is not a provider of the catalog; genpipe.catalog.providers"
                            + " has " + catalog.providers().keySet()));
            String variable = provider.apiKeyEnv();
            served.add(new ServedProvider(name, provider, settings.provider(name),
                    ApiKey.of(variable, variables.apply(variable))));
        }
        return new ServedProviders(served);
    }

    public List<ServedProvider> all() {
        return providers;
    }

    public List<String> names() {
        return providers.stream().map(ServedProvider::name).toList();
    }

    @Override
    public String toString() {
        return "ServedProviders" + providers;
    }
}
