package io.genpipe.simulator.google;

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

/** The Gemini API's image generation on its own HTTP server, plus the profile control. */
public final class GoogleServer implements VendorServer {

    private final HttpServer server;
    private final GoogleHandler handler;
    private final URI baseUrl;

    private GoogleServer(HttpServer server, GoogleHandler handler, URI baseUrl) {
        this.server = server;
        this.handler = handler;
        this.baseUrl = baseUrl;
    }

    public static GoogleServer start(VendorWiring wiring, PlaceholderImages images) {
        HttpServer server = HttpServers.bind(wiring.host(), wiring.port(), "sim-google");
        URI baseUrl = URI.create("http://" + HttpServers.urlHost(wiring.host()) + ":" + server.getAddress().getPort()
                + "/v1beta");
        GoogleHandler handler = new GoogleHandler(wiring.apiKey(), wiring.profile(), wiring.chance(), wiring.clock(),
                wiring.scheduler(), images);
        server.createContext("/", handler);
        server.createContext(ProfileEndpoint.PATH, new ProfileEndpoint(Vendor.GOOGLE, wiring.profile(),
                handler::generations));
        server.createContext(CountersEndpoint.PATH,
                new CountersEndpoint(Vendor.GOOGLE, handler::counters, handler::resetCounters));
        server.start();
        return new GoogleServer(server, handler, baseUrl);
    }

    /** The API root, e.g. {@code http://127.0.0.1:9117/v1beta}; generate at {@code {base}/models/{model}:generateContent}. */
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
