package io.genpipe.simulator.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.account.AccountCounters;
import io.genpipe.simulator.account.CountersEndpoint;
import io.genpipe.simulator.profile.ProfileEndpoint;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A vendor's server whose whole API is one handler, beside the simulator's own {@code /__simulator/profile} and
 * {@code /__simulator/counters}: what every vendor but fal and OpenAI needs, so that each vendor package holds only
 * its API.
 */
public final class GenerationsServer implements VendorServer {

    /** A vendor API's handler, which counts the generation calls it receives. */
    public interface Api extends HttpHandler {

        /** Generation calls received, however they were answered. */
        long generations();

        AccountCounters counters();

        void resetCounters();
    }

    private final HttpServer server;
    private final Api api;
    private final URI baseUrl;

    private GenerationsServer(HttpServer server, Api api, URI baseUrl) {
        this.server = server;
        this.api = api;
        this.baseUrl = baseUrl;
    }

    /**
     * Binds the vendor's port and serves {@code api} on every path but the simulator's own.
     *
     * @param root   the API root under the origin that a client configures ({@code "/v1beta"}), or ""
     * @param api    makes the handler from the server's origin ({@code http://127.0.0.1:9108}), for APIs whose answers
     *               link back to the server
     * @param extras further handlers by path, e.g. files the answers link to
     */
    public static GenerationsServer start(Vendor vendor, VendorWiring wiring, String root, Function<URI, Api> api,
                                          Map<String, HttpHandler> extras) {
        Objects.requireNonNull(vendor, "vendor");
        HttpServer server = HttpServers.bind(wiring.host(), wiring.port(), "sim-" + vendor.id());
        URI origin = URI.create("http://" + HttpServers.urlHost(wiring.host()) + ":" + server.getAddress().getPort());
        Api handler = api.apply(origin);
        // Every path the API does not know gets the vendor's own 404 from the same handler.
        server.createContext("/", handler);
        extras.forEach(server::createContext);
        server.createContext(ProfileEndpoint.PATH, new ProfileEndpoint(vendor, wiring.profile(), handler::generations));
        server.createContext(CountersEndpoint.PATH,
                new CountersEndpoint(vendor, handler::counters, handler::resetCounters));
        server.start();
        return new GenerationsServer(server, handler, URI.create(origin + root));
    }

    @Override
    public URI baseUrl() {
        return baseUrl;
    }

    @Override
    public long requestCount() {
        return api.generations();
    }

    @Override
    public AccountCounters counters() {
        return api.counters();
    }

    @Override
    public void resetCounters() {
        api.resetCounters();
    }

    @Override
    public void close() {
        HttpServers.stop(server);
    }
}
