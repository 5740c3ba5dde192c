package io.genpipe.simulator.stability;

import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.http.ApiKeyCheck;
import io.genpipe.simulator.http.GenerationsServer;
import io.genpipe.simulator.http.VendorServer;
import io.genpipe.simulator.http.VendorWiring;
import io.genpipe.simulator.image.PlaceholderImages;

import java.util.Map;

/**
 * Stability AI's v2beta Stable Image API (vendor-apis.md section 4). Its base URL is the origin, e.g.
 * {@code http://127.0.0.1:9103}; generate at {@code {base}/v2beta/stable-image/generate/core}.
 */
public final class StabilityServer {

    private StabilityServer() {
    }

    public static VendorServer start(VendorWiring wiring, PlaceholderImages images) {
        return GenerationsServer.start(Vendor.STABILITY, wiring, "",
                origin -> new StabilityHandler(new ApiKeyCheck("Bearer", wiring.apiKey()), wiring.profile(),
                        wiring.chance(), wiring.clock(), wiring.scheduler(), images), Map.of());
    }
}
