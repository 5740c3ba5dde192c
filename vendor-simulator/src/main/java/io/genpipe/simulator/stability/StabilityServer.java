package io.genpipe.simulator.stability;

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

/** Stability AI's v2beta Stable Image generate API on its own HTTP server, plus the profile and counters. */
public final class StabilityServer implements VendorServer {

    private final HttpServer server;
    private final StabilityHandler handler;
    private final URI baseUrl;

    private StabilityServer(HttpServer server, StabilityHandler handler, URI baseUrl) {
        this.server = server;
        this.handler = handler;
        this.baseUrl = baseUrl;
    }

    public static StabilityServer start(VendorWiring wiring, PlaceholderImages pictures) {
        HttpServer server = HttpServers.bind(wiring.host(), wiring.port(), "sim-stability");
        URI baseUrl = URI.create("http://" + HttpServers.urlHost(wiring.host()) + ":" + server.getAddress().getPort());
        StabilityHandler handler = new StabilityHandler(new ApiKeyCheck("Bearer", wiring.apiKey()), wiring.profile(),
                wiring.chance(), wiring.clock(), wiring.scheduler(), pictures);
        // Every other path gets Stability's 404 from the same handler.
        server.createContext("/", handler);
        server.createContext(ProfileEndpoint.PATH, new ProfileEndpoint(Vendor.STABILITY, wiring.profile(),
                handler::generations));
        server.createContext(CountersEndpoint.PATH,
                new CountersEndpoint(Vendor.STABILITY, handler::counters, handler::resetCounters));
        server.start();
        return new StabilityServer(server, handler, baseUrl);
    }

    /** The API root, e.g. {@code http://127.0.0.1:9103}; generate at {@code {base}/v2beta/stable-image/generate/core}. */
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
