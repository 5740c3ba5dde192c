package io.genpipe.simulator;

import io.genpipe.simulator.fal.FalServer;
import io.genpipe.simulator.http.HttpServers;
import io.genpipe.simulator.http.VendorWiring;
import io.genpipe.simulator.image.PlaceholderImages;
import io.genpipe.simulator.openai.OpenAiServer;
import io.genpipe.simulator.profile.Chance;
import io.genpipe.simulator.profile.ProfileSwitch;

import java.net.URI;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Local stand-ins for the fal.ai queue API and the OpenAI images API, one HTTP server per vendor, each
 * with a switchable {@link VendorProfile}. Start one per test class (ephemeral ports) or run
 * {@link #main(String[])} next to the local stack.
 */
public final class VendorSimulator implements AutoCloseable {

    private final Map<Vendor, ProfileSwitch> profiles;
    private final ScheduledExecutorService scheduler;
    private final FalServer fal;
    private final OpenAiServer openAi;

    private VendorSimulator(Map<Vendor, ProfileSwitch> profiles, ScheduledExecutorService scheduler, FalServer fal,
                            OpenAiServer openAi) {
        this.profiles = profiles;
        this.scheduler = scheduler;
        this.fal = fal;
        this.openAi = openAi;
    }

    public static VendorSimulator start(SimulatorSettings settings) {
        return start(settings, Clock.systemUTC());
    }

    /**
     * With an explicit clock: fal request states are computed from it, so a test can move time instead of
     * waiting. OpenAI's response delays are real time whatever the clock says.
     */
    public static VendorSimulator start(SimulatorSettings settings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        Map<Vendor, ProfileSwitch> profiles = new EnumMap<>(Vendor.class);
        settings.profiles().forEach((vendor, profile) -> profiles.put(vendor, new ProfileSwitch(profile)));
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2, HttpServers.daemonThreads("sim-scheduler"));
        scheduler.setRemoveOnCancelPolicy(true);
        PlaceholderImages images = new PlaceholderImages();
        FalServer fal = null;
        try {
            fal = FalServer.start(new VendorWiring(settings.host(), settings.falPort(), settings.falKey(),
                    profiles.get(Vendor.FAL), chance(settings, Vendor.FAL), clock, scheduler), images);
            OpenAiServer openAi = OpenAiServer.start(new VendorWiring(settings.host(), settings.openAiPort(),
                    settings.openAiKey(), profiles.get(Vendor.OPENAI), chance(settings, Vendor.OPENAI), clock, scheduler),
                    images);
            return new VendorSimulator(profiles, scheduler, fal, openAi);
        } catch (RuntimeException startFailed) {
            if (fal != null) {
                fal.close();
            }
            scheduler.shutdownNow();
            throw startFailed;
        }
    }

    /** Queue API root, e.g. {@code http://127.0.0.1:9101}; fal paths hang off it ({@code POST /fal-ai/flux/schnell}). */
    public URI falBaseUrl() {
        return fal.baseUrl();
    }

    /** API root including {@code /v1}, e.g. {@code http://127.0.0.1:9102/v1}; generate at {@code {base}/images/generations}. */
    public URI openAiBaseUrl() {
        return openAi.baseUrl();
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
        return switch (Objects.requireNonNull(vendor, "vendor")) {
            case FAL -> fal.requestCount();
            case OPENAI -> openAi.requestCount();
        };
    }

    /** Stops both servers; calls still waiting for their delayed answer are dropped. */
    @Override
    public void close() {
        fal.close();
        openAi.close();
        scheduler.shutdownNow();
    }

    /** Runs both servers until the process is stopped; see {@link StandaloneSettings} for the settings read. */
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

    /** Each vendor draws from its own generator, so one vendor's traffic does not change the other's draws. */
    private static Chance chance(SimulatorSettings settings, Vendor vendor) {
        return new Chance(settings.randomSeed() * 31 + vendor.ordinal());
    }
}
