package io.genpipe.simulator.huggingface;

import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.http.ApiKeyCheck;
import io.genpipe.simulator.http.GenerationsServer;
import io.genpipe.simulator.http.VendorServer;
import io.genpipe.simulator.http.VendorWiring;
import io.genpipe.simulator.image.PlaceholderImages;

import java.util.Map;

/**
 * Hugging Face's inference router, hf-inference (section 8). Its base URL is the provider's root, e.g.
 * {@code http://127.0.0.1:9104/hf-inference}, as {@code https://router.huggingface.co/hf-inference}; generate at
 * {@code {base}/models/{owner}/{name}}.
 */
public final class HuggingFaceServer {

    private HuggingFaceServer() {
    }

    public static VendorServer start(VendorWiring wiring, PlaceholderImages images) {
        return GenerationsServer.start(Vendor.HUGGINGFACE, wiring, "/hf-inference",
                origin -> new HuggingFaceHandler(new ApiKeyCheck("Bearer", wiring.apiKey()),
                        wiring.profile(), wiring.chance(), wiring.clock(), wiring.scheduler(), images), Map.of());
    }
}
