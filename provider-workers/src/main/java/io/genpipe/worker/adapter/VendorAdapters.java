package io.genpipe.worker.adapter;

import io.genpipe.worker.provider.ProviderConfigurationException;
import io.genpipe.worker.provider.ServedProvider;
import io.genpipe.worker.provider.ServedProviders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The adapter of every served provider, made at start-up by the factory of its catalog adapter type. A served
 * provider whose type no factory speaks stops the start, naming the catalog key.
 */
public final class VendorAdapters {

    private static final Logger log = LoggerFactory.getLogger(VendorAdapters.class);

    private final Map<String, VendorAdapter> byProvider;

    public VendorAdapters(List<VendorAdapterFactory> factories, ServedProviders providers) {
        this(factories, providers, (provider, adapter) -> adapter);
    }

    /** @param decorator wraps each provider's adapter as it is made (its retries, for one) */
    public VendorAdapters(List<VendorAdapterFactory> factories, ServedProviders providers,
                          BiFunction<ServedProvider, VendorAdapter, VendorAdapter> decorator) {
        Map<String, VendorAdapterFactory> byType = new TreeMap<>();
        for (VendorAdapterFactory factory : factories) {
            VendorAdapterFactory other = byType.putIfAbsent(factory.type(), factory);
            if (other != null) {
                throw new IllegalStateException("two adapter factories of type '" + factory.type() + "': "
                        + other.getClass().getName() + " and " + factory.getClass().getName());
            }
        }
        Map<String, VendorAdapter> adapters = new LinkedHashMap<>();
        for (ServedProvider provider : providers.all()) {
            String type = provider.catalog().adapter();
            VendorAdapterFactory factory = byType.get(type);
            if (factory == null) {
                throw new ProviderConfigurationException("genpipe.catalog.providers." + provider.name()
                        + ".adapter: unknown adapter type '" + type + "'; known: " + byType.keySet());
            }
            adapters.put(provider.name(), decorator.apply(provider, factory.create(provider)));
            if (provider.apiKey().isPresent()) {
                log.info("provider {}: {} API at {}, key from {}, models {}", provider.name(), type,
                        provider.catalog().baseUrl(), provider.apiKey().variable(), provider.catalog().models().keySet());
            } else {
                log.warn("provider {}: no API key in {}; it reports DOWN and its attempts fail AUTH_FAILED until the key"
                        + " is set and the worker restarts", provider.name(), provider.apiKey().variable());
            }
        }
        this.byProvider = Collections.unmodifiableMap(adapters);
    }

    public VendorAdapter of(String provider) {
        VendorAdapter adapter = byProvider.get(provider);
        if (adapter == null) {
            throw new NoSuchElementException("no adapter for provider " + provider);
        }
        return adapter;
    }
}
