package io.genpipe.simulator.replicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.account.AccountCounters;
import io.genpipe.simulator.account.CountersEndpoint;
import io.genpipe.simulator.http.ApiKeyCheck;
import io.genpipe.simulator.http.Exchanges;
import io.genpipe.simulator.http.HttpServers;
import io.genpipe.simulator.http.VendorServer;
import io.genpipe.simulator.http.VendorWiring;
import io.genpipe.simulator.image.PlaceholderImages;
import io.genpipe.simulator.profile.ProfileEndpoint;

import java.net.URI;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Replicate's predictions, trainings and files API on its own HTTP server, its output files, and the profile control. */
public final class ReplicateServer implements VendorServer {

    /** The failure text of a prediction whose every image the safety checker flagged (vendor-apis.md section 5). */
    public static final String NSFW_ERROR = "All generated images contained NSFW content. Try running it again with "
            + "a different prompt.";
    /** The simulator's stand-in for {@code replicate.delivery}: no key, like Replicate's file URLs. */
    static final String DELIVERY_PATH = "/delivery/";
    /** Enough for any benchmark we run; beyond it the oldest predictions go first. */
    static final int CAPACITY = 200_000;
    private static final Pattern WEIGHTS = Pattern.compile("/delivery/[a-z0-9]+/" + ReplicateTrainings.WEIGHTS_FILE);
    private static final Pattern FILE = Pattern.compile("/delivery/[\\w-]+/[\\w-]*?([0-9a-f]{6})\\.png");

    private final HttpServer server;
    private final ReplicateHandler handler;
    private final URI baseUrl;

    private ReplicateServer(HttpServer server, ReplicateHandler handler, URI baseUrl) {
        this.server = server;
        this.handler = handler;
        this.baseUrl = baseUrl;
    }

    public static ReplicateServer start(VendorWiring wiring, PlaceholderImages images) {
        HttpServer server = HttpServers.bind(wiring.host(), wiring.port(), "sim-replicate");
        String origin = "http://" + HttpServers.urlHost(wiring.host()) + ":" + server.getAddress().getPort();
        ReplicateHandler handler = new ReplicateHandler(new ApiKeyCheck("Bearer", wiring.apiKey()), wiring.profile(),
                new ReplicateCreate(wiring.chance()), new Predictions(CAPACITY), wiring.clock(), wiring.scheduler(),
                origin, wiring.chance());
        server.createContext("/", handler);
        server.createContext(DELIVERY_PATH, exchange -> file(exchange, images));
        server.createContext(ProfileEndpoint.PATH, new ProfileEndpoint(Vendor.REPLICATE, wiring.profile(),
                handler::creates));
        server.createContext(CountersEndpoint.PATH,
                new CountersEndpoint(Vendor.REPLICATE, handler::counters, handler::resetCounters));
        server.start();
        return new ReplicateServer(server, handler, URI.create(origin + "/v1"));
    }

    private static void file(HttpExchange exchange, PlaceholderImages images) {
        Matcher name = FILE.matcher(exchange.getRequestURI().getPath());
        if (exchange.getRequestMethod().equals("GET") && WEIGHTS.matcher(exchange.getRequestURI().getPath()).matches()) {
            // An empty tar archive (two zero blocks) stands in for the LoRA weights a training made.
            Exchanges.send(exchange, 200, "application/x-tar", new byte[1024], Map.of());
        } else if (!exchange.getRequestMethod().equals("GET") || !name.matches()
                || images.named(name.group()).isEmpty()) {
            Exchanges.sendJson(exchange, 404, Map.of("detail", "Not found."));
        } else {
            // Drawn at the size in the name: the prediction's output size.
            Exchanges.send(exchange, 200, "image/png", images.named(name.group()).get(), Map.of());
        }
    }

    /** The API root, e.g. {@code http://127.0.0.1:9115/v1}; create at {@code {base}/models/{owner}/{name}/predictions}. */
    @Override
    public URI baseUrl() {
        return baseUrl;
    }

    /** Create calls received, whatever they were answered. */
    @Override
    public long requestCount() {
        return handler.creates();
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
