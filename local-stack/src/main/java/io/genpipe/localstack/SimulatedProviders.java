package io.genpipe.localstack;

import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.CatalogProvider;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorSimulator;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Points the catalog's providers at the vendor simulator: each provider whose adapter type is a vendor the simulator
 * speaks ({@code adapter: fal} to its fal server) gets that server's URL. Two providers of one vendor share its
 * server. A provider of a vendor the simulator does not speak is left out, and keeps its catalog URL.
 */
public final class SimulatedProviders {

    private SimulatedProviders() {
    }

    public static Map<String, URI> baseUrls(Catalog catalog, VendorSimulator simulator) {
        return baseUrls(catalog, simulator.baseUrls());
    }

    /** @param simulator the simulator's base URL of each vendor ({@link VendorSimulator#baseUrls()}) */
    public static Map<String, URI> baseUrls(Catalog catalog, Map<Vendor, URI> simulator) {
        Map<String, URI> urls = new LinkedHashMap<>();
        for (CatalogProvider provider : catalog.providers().values()) {
            Vendor.byId(provider.adapter()).filter(simulator::containsKey)
                    .ifPresent(vendor -> urls.put(provider.name(), simulator.get(vendor)));
        }
        return urls;
    }
}
