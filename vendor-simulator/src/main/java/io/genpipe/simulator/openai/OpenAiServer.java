package io.genpipe.simulator.openai;

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

/** The OpenAI images and models API on its own HTTP server, plus the profile control. */
public final class OpenAiServer implements VendorServer {

    private final HttpServer server;
    private final OpenAiImagesHandler images;
    private final URI baseUrl;

    private OpenAiServer(HttpServer server, OpenAiImagesHandler images, URI baseUrl) {
        this.server = server;
        this.images = images;
        this.baseUrl = baseUrl;
    }

    public static OpenAiServer start(VendorWiring wiring, PlaceholderImages pictures) {
        HttpServer server = HttpServers.bind(wiring.host(), wiring.port(), "sim-openai");
        URI baseUrl = URI.create("http://" + HttpServers.urlHost(wiring.host()) + ":" + server.getAddress().getPort() + "/v1");
        ApiKeyCheck keys = new ApiKeyCheck("Bearer", wiring.apiKey());
        OpenAiImagesHandler images = new OpenAiImagesHandler(keys, wiring.profile(), wiring.chance(), wiring.clock(),
                wiring.scheduler(), pictures);
        // Every other path gets OpenAI's "Invalid URL" 404 from the same handler.
        server.createContext("/", images);
        server.createContext(OpenAiModelsHandler.PATH, new OpenAiModelsHandler(keys));
        server.createContext(ProfileEndpoint.PATH, new ProfileEndpoint(Vendor.OPENAI, wiring.profile(), images::generations));
        server.createContext(CountersEndpoint.PATH,
                new CountersEndpoint(Vendor.OPENAI, images::counters, images::resetCounters));
        server.start();
        return new OpenAiServer(server, images, baseUrl);
    }

    /** The API root, e.g. {@code http://127.0.0.1:9102/v1}; generate at {@code {base}/images/generations}. */
    @Override
    public URI baseUrl() {
        return baseUrl;
    }

    /** Generation calls received, whatever they were answered. */
    @Override
    public long requestCount() {
        return images.generations();
    }

    @Override
    public AccountCounters counters() {
        return images.counters();
    }

    @Override
    public void resetCounters() {
        images.resetCounters();
    }

    @Override
    public void close() {
        HttpServers.stop(server);
    }
}
