package io.genpipe.worker.provider;

import io.genpipe.contracts.topic.Topics;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The configured providers this instance serves, with their keys. A served name that is not configured, or a
 * name that cannot be part of a topic name, stops the start-up: that is a deployment mistake better seen at
 * once than as a worker group that silently never consumes.
 */
public final class ServedProviders {

    private final List<ServedProvider> providers;

    private ServedProviders(List<ServedProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    /** Keys are read through Spring's Environment: an environment variable, a system property or a property. */
    public static ServedProviders resolve(WorkerSettings settings, Environment environment) {
        return resolve(settings, environment::getProperty);
    }

    public static ServedProviders resolve(WorkerSettings settings, Function<String, String> variables) {
        List<String> names = settings.serve().isEmpty() ? List.copyOf(settings.providers().keySet()) : settings.serve();
        if (names.isEmpty()) {
            throw new IllegalStateException("no provider configured: set genpipe.workers.providers.<name>.adapter");
        }
        List<ServedProvider> served = new ArrayList<>();
        for (String name : names) {
            Topics.requireProviderName(name);
            ProviderSettings provider = settings.providers().get(name);
            if (provider == null) {
                throw new IllegalStateException("genpipe.workers.serve names '" + name + "', which is not configured"
                        + " under genpipe.workers.providers " + settings.providers().keySet());
            }
            String variable = provider.apiKeyEnv();
            served.add(new ServedProvider(name, provider, ApiKey.of(variable, variables.apply(variable))));
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
