package io.genpipe.worker.adapter;

import io.genpipe.worker.provider.ServedProvider;

/**
 * Makes the adapters of one vendor API. One Spring bean per adapter type, each in its vendor's package: a provider
 * whose catalog entry says {@code adapter: fal} is served by the factory whose {@link #type()} is {@code fal}.
 * Adding a vendor is a new package with its factory; nothing central lists the types.
 */
public interface VendorAdapterFactory {

    /** The adapter type, as the catalog names it in {@code genpipe.catalog.providers.<name>.adapter}. */
    String type();

    /**
     * The adapter of one provider: its base URL, key and models from the catalog, its options bound by this factory
     * from {@code genpipe.workers.providers.<name>.options}.
     */
    VendorAdapter create(ServedProvider provider);
}
