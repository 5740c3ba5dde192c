package io.genpipe.simulator;

import io.genpipe.simulator.http.HttpServers;
import io.genpipe.simulator.http.VendorServer;
import io.genpipe.simulator.http.VendorWiring;
import io.genpipe.simulator.image.PlaceholderImages;
import io.genpipe.simulator.profile.Chance;
import io.genpipe.simulator.profile.ProfileSwitch;

import java.net.URI;
import java.time.Clock;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Local stand-ins for the vendors' APIs (fal.ai's queue API, OpenAI's images API), one HTTP server per
 * {@link Vendor}, each with a switchable {@link VendorProfile}. Start one per test class (ephemeral ports) or run
 * {@link #main(String[])} next to the local stack.
 */
public final class VendorSimulator implements AutoCloseable {

    private final Map<Vendor, ProfileSwitch> profiles;
    private final ScheduledExecutorService scheduler;
    private final Map<Vendor, VendorServer> servers;

    private VendorSimulator(Map<Vendor, ProfileSwitch> profiles, ScheduledExecutorService scheduler,
                            Map<Vendor, VendorServer> servers) {
        this.profiles = profiles;
        this.scheduler = scheduler;
        this.servers = servers;
    }

    public static VendorSimulator start(SimulatorSettings settings) {
        return start(settings, Clock.systemUTC());
    }

    /**
     * With an explicit clock: fal request states and OpenAI model shutdowns are computed from it, so a test can move
     * time instead of waiting. OpenAI's response delays are real time whatever the clock says.
     */
    public static VendorSimulator start(SimulatorSettings settings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        Map<Vendor, ProfileSwitch> profiles = new EnumMap<>(Vendor.class);
        settings.profiles().forEach((vendor, profile) -> profiles.put(vendor, new ProfileSwitch(profile)));
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2, HttpServers.daemonThreads("sim-scheduler"));
        scheduler.setRemoveOnCancelPolicy(true);
        PlaceholderImages images = new PlaceholderImages();
        Map<Vendor, VendorServer> servers = new EnumMap<>(Vendor.class);
        try {
            for (Vendor vendor : Vendor.values()) {
                VendorWiring wiring = new VendorWiring(settings.host(), settings.port(vendor), settings.key(vendor),
                        profiles.get(vendor), chance(settings, vendor), clock, scheduler);
                servers.put(vendor, vendor.starter().start(wiring, images));
            }
            return new VendorSimulator(profiles, scheduler, Collections.unmodifiableMap(servers));
        } catch (RuntimeException startFailed) {
            servers.values().forEach(VendorServer::close);
            scheduler.shutdownNow();
            throw startFailed;
        }
    }

    /**
     * The root a client configures as {@code vendor}'s base URL: fal's queue root ({@code http://127.0.0.1:9101},
     * submit to {@code {base}/fal-ai/flux/schnell}); OpenAI's API root including {@code /v1}
     * ({@code http://127.0.0.1:9102/v1}, generate at {@code {base}/images/generations}).
     */
    public URI baseUrl(Vendor vendor) {
        return servers.get(Objects.requireNonNull(vendor, "vendor")).baseUrl();
    }

    /** Every vendor's base URL. */
    public Map<Vendor, URI> baseUrls() {
        Map<Vendor, URI> urls = new EnumMap<>(Vendor.class);
        servers.forEach((vendor, server) -> urls.put(vendor, server.baseUrl()));
        return Collections.unmodifiableMap(urls);
    }

    /** Changes how {@code vendor} behaves from its next call on. Thread-safe. */
    public void profile(Vendor vendor, VendorProfile profile) {
        profiles.get(Objects.requireNonNull(vendor, "vendor")).set(profile);
    }

    public VendorProfile profile(Vendor vendor) {
        return profiles.get(Objects.requireNonNull(vendor, "vendor")).current();
    }

    /** Generation calls received (fal submits, OpenAI generations), counted whatever they were answered. */
    public long requestCount(Vendor vendor) {
        return server(vendor).requestCount();
    }

    /**
     * Generation calls {@code vendor} refused because its account limits were reached
     * ({@link VendorProfile#requestsPerMinute()}, and for OpenAI {@link VendorProfile#concurrency()}; fal queues
     * instead), since the start or the last {@link #resetCounters(Vendor)}. The profile's random
     * {@code rateLimitRate} refusals are not counted here.
     */
    public long limitRefusals(Vendor vendor) {
        return server(vendor).counters().limitRefusals();
    }

    /**
     * The most generations {@code vendor} had in progress at once since the start or the last
     * {@link #resetCounters(Vendor)}: fal requests IN_PROGRESS (not IN_QUEUE), OpenAI calls held open for their answer.
     */
    public int peakInProgress(Vendor vendor) {
        return server(vendor).counters().peakInProgress();
    }

    /**
     * Starts {@code vendor}'s counters afresh: limit refusals go to 0, the peak becomes the number in progress now.
     * {@link #requestCount} is not reset. Setting a profile resets nothing, so a test can change a profile midway and
     * still count the whole run.
     */
    public void resetCounters(Vendor vendor) {
        server(vendor).resetCounters();
    }

    /** Stops every server; calls still waiting for their delayed answer are dropped. */
    @Override
    public void close() {
        servers.values().forEach(VendorServer::close);
        scheduler.shutdownNow();
    }

    /** Runs every server until the process is stopped; see {@link StandaloneSettings} for the settings read. */
    public static void main(String[] args) throws InterruptedException {
        SimulatorSettings settings = StandaloneSettings.read(System::getProperty, System::getenv);
        VendorSimulator simulator = start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "sim-shutdown"));
        System.out.println(StandaloneSettings.banner(simulator, settings));
        stopped.await();
    }

    private VendorServer server(Vendor vendor) {
        return servers.get(Objects.requireNonNull(vendor, "vendor"));
    }

    /** Each vendor draws from its own generator, so one vendor's traffic does not change another's draws. */
    private static Chance chance(SimulatorSettings settings, Vendor vendor) {
        return new Chance(settings.randomSeed() * 31 + vendor.ordinal());
    }
}
