package io.genpipe.simulator.leonardo;

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
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Leonardo.Ai's REST API on its own HTTP server: generations, datasets and custom-model trainings under
 * {@code /api/rest/v1}, the storage presigned dataset uploads go to, files, profile, counters.
 */
public final class LeonardoServer implements VendorServer {

    /** How long a finished job can still be read. Leonardo keeps them in the account's history; an hour is plenty. */
    static final Duration RETENTION = Duration.ofHours(1);
    static final int CAPACITY = 200_000;
    /** Datasets, upload forms and trainings each kept; far fewer are made than generations. */
    static final int TRAINING_CAPACITY = 10_000;
    /** How long a presigned upload form is good for: S3 policies carry an expiry, Leonardo's is not documented [?]. */
    static final Duration UPLOAD_VALIDITY = Duration.ofHours(1);

    private final HttpServer server;
    private final LeonardoHandler handler;
    private final ScheduledFuture<?> expiry;
    private final URI baseUrl;

    private LeonardoServer(HttpServer server, LeonardoHandler handler, ScheduledFuture<?> expiry, URI baseUrl) {
        this.server = server;
        this.handler = handler;
        this.expiry = expiry;
        this.baseUrl = baseUrl;
    }

    public static LeonardoServer start(VendorWiring wiring, PlaceholderImages images) {
        HttpServer server = HttpServers.bind(wiring.host(), wiring.port(), "sim-leonardo");
        String origin = "http://" + HttpServers.urlHost(wiring.host()) + ":" + server.getAddress().getPort();
        LeonardoGenerations generations = new LeonardoGenerations(RETENTION, CAPACITY);
        LeonardoDatasets datasets = new LeonardoDatasets(TRAINING_CAPACITY, UPLOAD_VALIDITY);
        LeonardoAccount account = new LeonardoAccount(wiring.chance());
        ApiKeyCheck keys = new ApiKeyCheck("Bearer", wiring.apiKey());
        LeonardoHandler handler = new LeonardoHandler(keys, wiring.profile(), wiring.chance(), wiring.clock(),
                generations, origin, account);
        LeonardoTrainingHandler training = new LeonardoTrainingHandler(keys, wiring.profile(), wiring.chance(),
                wiring.clock(), datasets, account, origin);
        server.createContext("/", handler);
        server.createContext(LeonardoTrainingHandler.DATASETS, training);
        server.createContext(LeonardoTrainingHandler.MODELS, training);
        server.createContext(LeonardoStorage.PATH, new LeonardoStorage(datasets, wiring.clock(), origin));
        server.createContext(LeonardoFiles.PATH, new LeonardoFiles(images));
        server.createContext(ProfileEndpoint.PATH, new ProfileEndpoint(Vendor.LEONARDO, wiring.profile(), handler::creates));
        server.createContext(CountersEndpoint.PATH,
                new CountersEndpoint(Vendor.LEONARDO, handler::counters, handler::resetCounters));
        ScheduledFuture<?> expiry = wiring.scheduler().scheduleWithFixedDelay(
                () -> {
                    generations.expire(wiring.clock().instant());
                    datasets.expire(wiring.clock().instant());
                }, 1, 1, TimeUnit.MINUTES);
        server.start();
        return new LeonardoServer(server, handler, expiry, URI.create(origin + LeonardoHandler.ROOT));
    }

    /** The API root, e.g. {@code http://127.0.0.1:9107/api/rest/v1}; create at {@code {base}/generations}. */
    @Override
    public URI baseUrl() {
        return baseUrl;
    }

    /** {@code POST /generations} and {@code POST /models} (training) calls received, whatever they were answered. */
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
        expiry.cancel(false);
        HttpServers.stop(server);
    }
}
