package io.genpipe.simulator.ideogram;

import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.http.GenerationsServer;
import io.genpipe.simulator.http.VendorServer;
import io.genpipe.simulator.http.VendorWiring;
import io.genpipe.simulator.image.PlaceholderImages;

import java.util.Map;

/**
 * Ideogram 3.0 (section 6). Its base URL is the origin, e.g. {@code http://127.0.0.1:9108}; generate at
 * {@code {base}/v1/ideogram-v3/generate}. The images its answers link to are served from {@link IdeogramFiles#PATH}
 * and expire.
 */
public final class IdeogramServer {

    private IdeogramServer() {
    }

    public static VendorServer start(VendorWiring wiring, PlaceholderImages images) {
        return GenerationsServer.start(Vendor.IDEOGRAM, wiring, "",
                origin -> new IdeogramHandler(wiring.apiKey(), wiring.profile(), wiring.chance(),
                        wiring.clock(), wiring.scheduler(), origin.toString()),
                Map.of(IdeogramFiles.PATH, new IdeogramFiles(images, wiring.clock())));
    }
}
