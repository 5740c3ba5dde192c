package io.genpipe.simulator.huggingface;

import com.sun.net.httpserver.HttpServer;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.account.AccountCounters;
import io.genpipe.simulator.account.CountersEndpoint;
import io.genpipe.simulator.http.ApiKeyCheck;
import io.genpipe.simulator.http.HttpServers;
import io.genpipe.simulator.http.VendorServer;
import io.genpipe.simulator.http.VendorWiring;
import io.genpipe.simulator.image.PlaceholderImages;
import io.genpipe.simulator.profile.ProfileEndpoint;

import java.net.URI;

/** Hugging Face's inference router, hf-inference text-to-image, on its own HTTP server, plus profile and counters. */
public final class HuggingFaceServer implements VendorServer {

    private final HttpServer server;
    private final HuggingFaceHandler handler;
    private final URI baseUrl;

    private HuggingFaceServer(HttpServer server, HuggingFaceHandler handler, URI baseUrl) {
        this.server = server;
        this.handler = handler;
        this.baseUrl = baseUrl;
    }

    public static HuggingFaceServer start(VendorWiring wiring, PlaceholderImages pictures) {
        HttpServer server = HttpServers.bind(wiring.host(), wiring.port(), "sim-huggingface");
        URI baseUrl = URI.create("http://" + HttpServers.urlHost(wiring.host()) + ":" + server.getAddress().getPort()
                + "/hf-inference");
        HuggingFaceHandler handler = new HuggingFaceHandler(new ApiKeyCheck("Bearer", wiring.apiKey()), wiring.profile(),
                wiring.chance(), wiring.clock(), wiring.scheduler(), pictures);
        // Every other path gets a 404 from the same handler.
        server.createContext("/", handler);
        server.createContext(ProfileEndpoint.PATH, new ProfileEndpoint(Vendor.HUGGINGFACE, wiring.profile(),
                handler::generations));
        server.createContext(CountersEndpoint.PATH,
                new CountersEndpoint(Vendor.HUGGINGFACE, handler::counters, handler::resetCounters));
        server.start();
        return new HuggingFaceServer(server, handler, baseUrl);
    }

    /**
     * The provider's root, e.g. {@code http://127.0.0.1:9104/hf-inference}, as {@code https://router.huggingface.co/hf-inference};
     * generate at {@code {base}/models/{owner}/{name}}.
     */
    @Override
    public URI baseUrl() {
        return baseUrl;
    }

    @Override
    public long requestCount() {
        return handler.generations();
    }

    @Override
    public AccountCounters counters() {
        return handler.counters();
    }

    @Override
    public void resetCounters() {
        handler.resetCounters();
    }

    @Override
    public void close() {
        HttpServers.stop(server);
    }
}
