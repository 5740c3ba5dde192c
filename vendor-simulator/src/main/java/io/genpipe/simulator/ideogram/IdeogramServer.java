package io.genpipe.simulator.ideogram;

import com.sun.net.httpserver.HttpServer;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.account.AccountCounters;
import io.genpipe.simulator.account.CountersEndpoint;
import io.genpipe.simulator.http.HttpServers;
import io.genpipe.simulator.http.VendorServer;
import io.genpipe.simulator.http.VendorWiring;
import io.genpipe.simulator.image.PlaceholderImages;
import io.genpipe.simulator.profile.ProfileEndpoint;

import java.net.URI;

/** Ideogram's API on its own HTTP server: Ideogram 3.0 generate, its expiring image links, profile, counters. */
public final class IdeogramServer implements VendorServer {

    private final HttpServer server;
    private final IdeogramHandler handler;
    private final URI baseUrl;

    private IdeogramServer(HttpServer server, IdeogramHandler handler, URI baseUrl) {
        this.server = server;
        this.handler = handler;
        this.baseUrl = baseUrl;
    }

    public static IdeogramServer start(VendorWiring wiring, PlaceholderImages images) {
        HttpServer server = HttpServers.bind(wiring.host(), wiring.port(), "sim-ideogram");
        URI baseUrl = URI.create("http://" + HttpServers.urlHost(wiring.host()) + ":" + server.getAddress().getPort());
        IdeogramHandler handler = new IdeogramHandler(wiring.apiKey(), wiring.profile(), wiring.chance(),
                wiring.clock(), wiring.scheduler(), baseUrl.toString());
        server.createContext("/", handler);
        server.createContext(IdeogramFiles.PATH, new IdeogramFiles(images, wiring.clock()));
        server.createContext(ProfileEndpoint.PATH, new ProfileEndpoint(Vendor.IDEOGRAM, wiring.profile(), handler::generations));
        server.createContext(CountersEndpoint.PATH,
                new CountersEndpoint(Vendor.IDEOGRAM, handler::counters, handler::resetCounters));
        server.start();
        return new IdeogramServer(server, handler, baseUrl);
    }

    /** The API root, e.g. {@code http://127.0.0.1:9108}; generate at {@code {base}/v1/ideogram-v3/generate}. */
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
