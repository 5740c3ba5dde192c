package io.genpipe.simulator.fal;

import com.sun.net.httpserver.HttpServer;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
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

/** The fal.ai queue API on its own HTTP server: queue paths at the root, files, and the profile control. */
public final class FalServer implements VendorServer {

    /** fal keeps results for an hour after completion (vendor-apis.md, section 1). */
    static final Duration RETENTION = Duration.ofHours(1);
    /** Enough for any benchmark we run; beyond it the oldest requests go first. */
    static final int CAPACITY = 200_000;

    private final HttpServer server;
    private final FalQueueHandler queue;
    private final ScheduledFuture<?> expiry;
    private final URI baseUrl;

    private FalServer(HttpServer server, FalQueueHandler queue, ScheduledFuture<?> expiry, URI baseUrl) {
        this.server = server;
        this.queue = queue;
        this.expiry = expiry;
        this.baseUrl = baseUrl;
    }

    public static FalServer start(VendorWiring wiring, PlaceholderImages images) {
        HttpServer server = HttpServers.bind(wiring.host(), wiring.port(), "sim-fal");
        URI baseUrl = URI.create("http://" + HttpServers.urlHost(wiring.host()) + ":" + server.getAddress().getPort());
        FalRequests requests = new FalRequests(RETENTION, CAPACITY, () -> slots(wiring.profile().current()));
        // A changed concurrency applies from the moment it changes, not from whenever the queue is next looked at.
        wiring.profile().beforeChange(() -> requests.settle(wiring.clock().instant()));
        FalQueueHandler queue = new FalQueueHandler(new ApiKeyCheck("Key", wiring.apiKey()), wiring.profile(),
                new FalSubmit(wiring.chance()), requests, wiring.clock(), baseUrl.toString());
        server.createContext("/", queue);
        server.createContext(FalFileHandler.PATH, new FalFileHandler(images));
        server.createContext(FalReceivedEndpoint.PATH, new FalReceivedEndpoint(requests, wiring.clock()));
        server.createContext(ProfileEndpoint.PATH, new ProfileEndpoint(Vendor.FAL, wiring.profile(), queue::submits));
        server.createContext(CountersEndpoint.PATH,
                new CountersEndpoint(Vendor.FAL, queue::counters, queue::resetCounters));
        ScheduledFuture<?> expiry = wiring.scheduler().scheduleWithFixedDelay(
                () -> requests.expire(wiring.clock().instant()), 1, 1, TimeUnit.MINUTES);
        server.start();
        return new FalServer(server, queue, expiry, baseUrl);
    }

    /** The queue root, e.g. {@code http://127.0.0.1:9101}; submit to {@code {base}/fal-ai/flux/schnell}. */
    @Override
    public URI baseUrl() {
        return baseUrl;
    }

    /** Submit calls received, whatever they were answered. */
    @Override
    public long requestCount() {
        return queue.submits();
    }

    @Override
    public AccountCounters counters() {
        return queue.counters();
    }

    @Override
    public void resetCounters() {
        queue.resetCounters();
    }

    /** The account's concurrency as a number of slots; without a limit, as many as there can be. */
    private static int slots(VendorProfile profile) {
        return profile.concurrency() == null ? Integer.MAX_VALUE : profile.concurrency();
    }

    @Override
    public void close() {
        expiry.cancel(false);
        HttpServers.stop(server);
    }
}
