package io.genpipe.simulator.google;

import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.http.GenerationsServer;
import io.genpipe.simulator.http.VendorServer;
import io.genpipe.simulator.http.VendorWiring;
import io.genpipe.simulator.image.PlaceholderImages;

import java.util.Map;

/**
 * Google's Gemini API image models (section 7). Its base URL includes {@code /v1beta}, e.g.
 * {@code http://127.0.0.1:9117/v1beta}; generate at {@code {base}/models/{model}:generateContent}.
 */
public final class GoogleServer {

    private GoogleServer() {
    }

    public static VendorServer start(VendorWiring wiring, PlaceholderImages images) {
        return GenerationsServer.start(Vendor.GOOGLE, wiring, "/v1beta",
                origin -> new GoogleHandler(wiring.apiKey(), wiring.profile(), wiring.chance(), wiring.clock(),
                        wiring.scheduler(), images), Map.of());
    }
}
