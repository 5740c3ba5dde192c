package io.genpipe.worker.adapter.ideogram;

import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.simulator.LatencyProfile;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.VendorSimulator;
import io.genpipe.worker.TestCatalog;
import io.genpipe.worker.adapter.Billing;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.GenerationResult.Generated;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.adapter.ImageCopies;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.image.LocalDirectoryImageStore;
import org.springframework.mock.env.MockEnvironment;
import io.genpipe.worker.provider.ApiKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The Ideogram adapter against the vendor simulator's Ideogram 3.0 API: images, copies, every failure class. */
class IdeogramAdapterTest {

    private static final String KEY = "ideo-test-key-91fa";
    private static final IdeogramOptions LINKS_ONLY = new IdeogramOptions(false, null);

    private static VendorSimulator simulator;
    private static HttpClient client;
    private static VendorHttp http;
    private static ExecutorService callbacks;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    @TempDir
    Path images;

    @BeforeAll
    static void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults());
        callbacks = Executors.newFixedThreadPool(2);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        http = new VendorHttp(client, callbacks);
    }

    @AfterAll
    static void stop() {
        callbacks.shutdownNow();
        simulator.close();
    }

    @AfterEach
    void healthyAgain() {
        simulator.profile(Vendor.IDEOGRAM, VendorProfile.healthy());
    }

    @Test
    void keepsIdeogramsLinksWhenToldAndBillsEachImageAtItsRenderingSpeed() {
        GenerationResult result = adapter(simulator, KEY, LINKS_ONLY)
                .generate(request("ideogram-v3-turbo", "a poster", new ImageParams(1312, 736, 2, 5L, null))).join();

        assertThat(result).isInstanceOfSatisfying(Generated.class, generated -> {
            assertThat(generated.images()).hasSize(2).allSatisfy(image -> {
                assertThat(image.uri()).startsWith(simulator.baseUrl(Vendor.IDEOGRAM) + "/files/");
                assertThat(image.width()).isEqualTo(1312);
                assertThat(image.height()).isEqualTo(736);
            });
            assertThat(generated.cost()).as("2 x 3.0 Turbo at $0.03").isEqualTo(Usd.of("0.06"));
        });
    }

    @Test
    void copiesEachImageIntoTheImageStoreByDefaultSinceIdeogramsLinksExpire() throws IOException {
        GenerationResult result = adapter(simulator, KEY, IdeogramOptions.DEFAULTS)
                .generate(request("ideogram-v3", "a poster", new ImageParams(1024, 1024, 1, null, null))).join();

        assertThat(result).isInstanceOf(Generated.class);
        Generated generated = (Generated) result;
        ImageRef copy = generated.images().get(0);
        assertThat(copy.uri()).startsWith("file:");
        assertThat(ImageIO.read(Path.of(URI.create(copy.uri())).toFile())).isNotNull();
        assertThat(Files.list(images).count()).isEqualTo(1);
        assertThat(generated.cost()).as("3.0 Default at $0.06").isEqualTo(Usd.of("0.06"));
    }

    @Test
    void aLinkThatHasExpiredBeforeItIsCopiedFailsTheCallButKeepsItsCost() {
        // Every reading of this clock is two hours after the last: each link has expired by the time it is fetched.
        try (VendorSimulator hurried = VendorSimulator.start(SimulatorSettings.defaults(), new HurriedClock())) {
            GenerationResult result = adapter(hurried, KEY, IdeogramOptions.DEFAULTS)
                    .generate(request("ideogram-v3-quality", "a poster", new ImageParams(1024, 1024, 1, null, null))).join();

            assertThat(result).isEqualTo(new Failed(FailureClass.RETRYABLE, "could not copy an Ideogram image (HTTP 403)",
                    Usd.of("0.09")));
        }
    }

    @Test
    void aMalformedAnswerIsTheVendorsFailureNotACrash() {
        simulator.profile(Vendor.IDEOGRAM, VendorProfile.healthy().withMalformedRate(1.0));
        // A 200 whose body is not the vendor's shape: the vendor's failure (VENDOR_ERROR, played by RETRYABLE),
        // answered normally, never a crash or a bug of ours (INTERNAL_ERROR).
        GenerationResult result = generate("a poster");

        assertThat(result).isInstanceOfSatisfying(Failed.class,
                failed -> assertThat(failed.failureClass()).isEqualTo(FailureClass.RETRYABLE));
    }

    @Test
    void anUnsafeOutputIsDroppedAndBilledAndOnlyUnsafeOutputIsContentRejected() {
        GenerationResult some = adapter(simulator, KEY, LINKS_ONLY)
                .generate(request("ideogram-v3-turbo", "p [unsafe-output]", new ImageParams(1024, 1024, 2, null, null))).join();
        GenerationResult none = adapter(simulator, KEY, LINKS_ONLY)
                .generate(request("ideogram-v3-turbo", "p [unsafe-output]", new ImageParams(1024, 1024, 1, null, null))).join();

        assertThat(some).isInstanceOfSatisfying(Generated.class, generated -> {
            assertThat(generated.images()).hasSize(1);
            assertThat(generated.cost()).isEqualTo(Usd.of("0.06"));
        });
        assertThat(none).isEqualTo(new Failed(FailureClass.CONTENT_REJECTED, "output failed Ideogram's safety check",
                Usd.of("0.03")));
    }

    @Test
    void aPromptThatFailsTheSafetyChecksIsContentRejected() {
        assertThat(generate("a [unsafe] poster"))
                .isEqualTo(Failed.of(FailureClass.CONTENT_REJECTED, "HTTP 422 failed the safety checks"));
    }

    @Test
    void anEmptyBalanceIsCreditExhausted() {
        simulator.profile(Vendor.IDEOGRAM, VendorProfile.healthy().withCreditExhausted(true));

        assertThat(generate("a poster")).isEqualTo(Failed.of(FailureClass.CREDIT_EXHAUSTED, "HTTP 402 out of credit"));
    }

    @Test
    void tooManyInFlightIsRateLimitedWithItsStatedWait() {
        simulator.profile(Vendor.IDEOGRAM, VendorProfile.healthy().withRateLimitRate(1.0).withRetryAfter(Duration.ofSeconds(4)));

        assertThat(generate("a poster")).isEqualTo(Failed.of(FailureClass.RATE_LIMITED,
                "HTTP 429 too many in-flight requests").withRetryAdvice(Duration.ofSeconds(4), false));
    }

    @Test
    void aResolutionIdeogramRefusesIsAnInvalidRequest() {
        GenerationResult result = adapter(simulator, KEY, LINKS_ONLY)
                .generate(request("ideogram-v3", "a poster", new ImageParams(1000, 1000, 1, null, null))).join();

        assertThat(result).isEqualTo(Failed.of(FailureClass.INVALID_REQUEST, "HTTP 400 invalid request"));
    }

    @Test
    void anOutageAndAServerErrorAreRetryable() {
        simulator.profile(Vendor.IDEOGRAM, VendorProfile.outageProfile());
        assertThat(generate("a poster")).isEqualTo(Failed.of(FailureClass.RETRYABLE, "HTTP 503"));

        simulator.profile(Vendor.IDEOGRAM, VendorProfile.healthy().withErrorRate(1.0));
        assertThat(generate("a poster")).isEqualTo(Failed.of(FailureClass.RETRYABLE, "HTTP 500"));
    }

    @Test
    void aCallThatOutlastsItsTimeoutTimesOut() {
        simulator.profile(Vendor.IDEOGRAM, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofSeconds(30))));
        GenerationRequest slow = new GenerationRequest("job-slow", 1, TestCatalog.model("ideogram", "ideogram-v3"),
                "a poster", new ImageParams(1024, 1024, 1, null, null), Duration.ofMillis(1000));

        GenerationResult result = adapter(simulator, KEY, LINKS_ONLY).generate(slow).orTimeout(8, TimeUnit.SECONDS).join();

        assertThat(result).isEqualTo(Failed.of(FailureClass.TIMEOUT, "no result within 1s"));
    }

    @Test
    void aRejectedKeyIsAuthFailedAndTheKeyAppearsNowhere() {
        try (VendorSimulator strict = VendorSimulator.start(SimulatorSettings.defaults().withKey(Vendor.IDEOGRAM, "the-right-key"))) {
            VendorAdapter adapter = adapter(strict, KEY, LINKS_ONLY);

            GenerationResult result = adapter.generate(request("ideogram-v3", "a poster", ImageParams.defaults())).join();

            assertThat(result).isEqualTo(Failed.of(FailureClass.AUTH_FAILED, "HTTP 401 unauthorized: provider key rejected"));
            assertThat(result.toString()).doesNotContain(KEY);
            assertThat(adapter.toString()).doesNotContain(KEY);
        }
    }

    @Test
    void withoutAKeyIdeogramIsNeverCalled() {
        long before = simulator.requestCount(Vendor.IDEOGRAM);

        GenerationResult result = adapter(simulator, null, LINKS_ONLY)
                .generate(request("ideogram-v3", "a poster", ImageParams.defaults())).join();

        assertThat(result).isEqualTo(Failed.of(FailureClass.AUTH_FAILED, "provider misconfigured: no API key in IDEOGRAM_API_KEY"));
        assertThat(simulator.requestCount(Vendor.IDEOGRAM)).isEqualTo(before);
    }

    @Test
    void sendsTheDispatchedParametersAsFormFields() {
        CatalogModel quality = TestCatalog.model("ideogram", "ideogram-v3-quality");
        GenerationRequest request = new GenerationRequest("job-f", 1, quality, "a poster",
                new ImageParams(832, 1248, 3, 9L, "blurry"), Duration.ofSeconds(5));

        assertThat(IdeogramAdapter.form(request, IdeogramOptions.DEFAULTS).fields()).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of("prompt", "a poster", "resolution", "832x1248", "num_images", "3",
                        "rendering_speed", "QUALITY", "magic_prompt", "OFF", "seed", "9", "negative_prompt", "blurry"));
    }

    private GenerationResult generate(String prompt) {
        return adapter(simulator, KEY, LINKS_ONLY)
                .generate(request("ideogram-v3", prompt, new ImageParams(1024, 1024, 1, null, null)))
                .orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** Made by its factory, as the worker makes it, with these options bound. */
    private VendorAdapter adapter(VendorSimulator vendor, String key, IdeogramOptions options) {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("genpipe.workers.providers.ideogram.options.copy-images", options.copyImages().toString())
                .withProperty("genpipe.workers.providers.ideogram.options.magic-prompt", options.magicPrompt());
        return new IdeogramAdapterFactory(http, new ImageCopies(http, new LocalDirectoryImageStore(images)),
                new Billing(meters), environment).create(TestCatalog.servedAt("ideogram", key, vendor.baseUrl(Vendor.IDEOGRAM)));
    }

    private static GenerationRequest request(String model, String prompt, ImageParams params) {
        return new GenerationRequest("job-" + prompt.hashCode(), 1, TestCatalog.model("ideogram", model), prompt,
                params, Duration.ofSeconds(5));
    }

    /** Two hours later at every reading. */
    private static final class HurriedClock extends Clock {

        private final AtomicLong readings = new AtomicLong();
        private final Instant start = Instant.parse("2026-12-02T10:00:00Z");

        @Override
        public Instant instant() {
            return start.plus(Duration.ofHours(2 * readings.getAndIncrement()));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
