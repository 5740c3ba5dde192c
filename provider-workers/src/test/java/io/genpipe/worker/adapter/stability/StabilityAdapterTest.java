package io.genpipe.worker.adapter.stability;

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
import io.genpipe.worker.image.LocalDirectoryImageStore;
import io.genpipe.worker.provider.ApiKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** The Stability adapter against the vendor simulator's v2beta Stable Image API. */
class StabilityAdapterTest {

    private static final StabilityOptions JSON = new StabilityOptions(StabilityOptions.Accept.JSON);
    private static final VendorProfile FAST = VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofMillis(30)));

    private static VendorSimulator simulator;
    private static VendorHttp http;
    private static ExecutorService callbacks;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @TempDir
    Path images;

    @BeforeAll
    static void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withKey(Vendor.STABILITY, "sk-test")
                .withProfile(Vendor.STABILITY, FAST));
        callbacks = Executors.newFixedThreadPool(2);
        http = new VendorHttp(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), callbacks);
    }

    @AfterAll
    static void stop() {
        callbacks.shutdownNow();
        simulator.close();
    }

    @AfterEach
    void healthyAgain() {
        simulator.profile(Vendor.STABILITY, FAST);
    }

    @Test
    void storesTheImageWithTheAskedSizeAndBillsTheModelsCredits() throws Exception {
        GenerationResult result = adapter().generate(request("job-ok", core(), "a lighthouse at dusk",
                new ImageParams(1344, 768, 1, 7L, null, null))).join();

        assertThat(result).isInstanceOf(Generated.class);
        Generated generated = (Generated) result;
        assertThat(generated.images()).hasSize(1);
        ImageRef image = generated.images().get(0);
        Path file = Path.of(URI.create(image.uri()));
        assertThat(file).isEqualTo(images.resolve("job-ok").resolve("1-0.png").toAbsolutePath());
        BufferedImage stored = ImageIO.read(file.toFile());
        assertThat(stored.getWidth()).isEqualTo(1344);
        assertThat(stored.getHeight()).isEqualTo(768);
        assertThat(image.width()).isEqualTo(1344);
        assertThat(image.height()).isEqualTo(768);
        assertThat(image.contentType()).isEqualTo("image/png");
        assertThat(generated.cost()).as("3 credits at $0.01").isEqualTo(Usd.of("0.03"));
    }

    @Test
    void anSd3ModelGoesToTheSd3EndpointNamedInTheForm() {
        CatalogModel medium = TestCatalog.model("stability", "sd3.5-medium");
        GenerationRequest request = request("job-sd3", medium, "a fox", new ImageParams(832, 1216, 1, null, null, null));

        assertThat(StabilityAdapter.form(request, "sd3").fields()).containsEntry("model", "sd3.5-medium")
                .containsEntry("aspect_ratio", "2:3").containsEntry("output_format", "png")
                .doesNotContainKey("seed");
        GenerationResult result = adapter().generate(request).join();
        assertThat(result).isInstanceOfSatisfying(Generated.class, generated -> {
            assertThat(generated.images().get(0).width()).isEqualTo(832);
            assertThat(generated.cost()).isEqualTo(Usd.of("0.035"));
        });
    }

    @Test
    void sendsTheNearestAspectRatio() {
        assertThat(StabilityAdapter.aspectRatio(1024, 1024)).isEqualTo("1:1");
        assertThat(StabilityAdapter.aspectRatio(1344, 768)).isEqualTo("16:9");
        assertThat(StabilityAdapter.aspectRatio(1536, 640)).isEqualTo("21:9");
        assertThat(StabilityAdapter.aspectRatio(640, 1536)).isEqualTo("9:21");
        assertThat(StabilityAdapter.aspectRatio(1088, 896)).isEqualTo("5:4");
        assertThat(StabilityAdapter.aspectRatio(1920, 1080)).isEqualTo("16:9");
    }

    @Test
    void aFilteredOutputIsContentRejectedWithAnUnknownCostAndIsNotStored() {
        GenerationResult result = adapter().generate(request("job-filtered", core(), "a beach [filtered]",
                ImageParams.defaults())).join();

        assertThat(result).isEqualTo(new Failed(FailureClass.CONTENT_REJECTED,
                "output filtered (finish-reason CONTENT_FILTERED)", null));
        assertThat(images.resolve("job-filtered")).doesNotExist();
        assertThat(meters.get("genpipe.worker.cost.unknown").tags("provider", "stability", "model", "stable-image-core")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void askedForJsonItStoresTheDecodedImageWithTheAskedSizeAndBillsAsForBytes() throws Exception {
        GenerationResult result = adapter(JSON).generate(request("job-json", core(), "a lighthouse at dusk",
                new ImageParams(1344, 768, 1, 7L, null, null))).join();

        assertThat(result).isInstanceOf(Generated.class);
        Generated generated = (Generated) result;
        assertThat(generated.images()).hasSize(1);
        ImageRef image = generated.images().get(0);
        assertThat(image.uri()).as("a file in the store, never the base64 itself").startsWith("file:");
        Path file = Path.of(URI.create(image.uri()));
        assertThat(file).isEqualTo(images.resolve("job-json").resolve("1-0.png").toAbsolutePath());
        BufferedImage stored = ImageIO.read(file.toFile());
        assertThat(stored.getWidth()).isEqualTo(1344);
        assertThat(stored.getHeight()).isEqualTo(768);
        assertThat(image.width()).isEqualTo(1344);
        assertThat(image.height()).isEqualTo(768);
        assertThat(generated.cost()).as("3 credits at $0.01").isEqualTo(Usd.of("0.03"));
    }

    @Test
    void askedForJsonAFilteredFinishReasonIsContentRejectedAndNotStored() {
        GenerationResult result = adapter(JSON).generate(request("job-json-filtered", core(), "a beach [filtered]",
                ImageParams.defaults())).join();

        assertThat(result).isEqualTo(new Failed(FailureClass.CONTENT_REJECTED,
                "output filtered (finish-reason CONTENT_FILTERED)", null));
        assertThat(images.resolve("job-json-filtered")).doesNotExist();
    }

    @Test
    void askedForJsonAMalformedAnswerIsRetryableWithAnUnknownCost() {
        simulator.profile(Vendor.STABILITY, FAST.withMalformedRate(1.0));

        assertThat(adapter(JSON).generate(request("job-json-malformed", core(), "a cat", ImageParams.defaults())).join())
                .isEqualTo(new Failed(FailureClass.RETRYABLE, "Stability's JSON answer is malformed", null));
        assertThat(images.resolve("job-json-malformed")).doesNotExist();
    }

    @Test
    void askedForJsonErrorsClassifyAsForBytes() {
        simulator.profile(Vendor.STABILITY, FAST.withCreditExhausted(true));

        assertThat(adapter(JSON).generate(request("job-json-credits", core(), "a cat", ImageParams.defaults())).join())
                .isEqualTo(Failed.of(FailureClass.CREDIT_EXHAUSTED, "HTTP 402 payment_required"));
    }

    @Test
    void aFlaggedPromptIsContentRejected() {
        assertThat(generate("job-unsafe", "something [unsafe]"))
                .isEqualTo(Failed.of(FailureClass.CONTENT_REJECTED, "HTTP 403 content_moderation"));
    }

    @Test
    void anEmptyAccountIsCreditExhausted() {
        simulator.profile(Vendor.STABILITY, FAST.withCreditExhausted(true));

        assertThat(generate("job-credits", "a cat"))
                .isEqualTo(Failed.of(FailureClass.CREDIT_EXHAUSTED, "HTTP 402 payment_required"));
    }

    @Test
    void aRateLimitIsRateLimitedWithTheStatedWait() {
        simulator.profile(Vendor.STABILITY, FAST.withRateLimitRate(1.0).withRetryAfter(Duration.ofSeconds(2)));

        assertThat(generate("job-limit", "a cat")).isEqualTo(Failed.of(FailureClass.RATE_LIMITED,
                "HTTP 429 rate_limit_exceeded").withRetryAdvice(Duration.ofSeconds(2), false));
    }

    @Test
    void anOutageAndAServerErrorAreRetryable() {
        simulator.profile(Vendor.STABILITY, VendorProfile.outageProfile());
        assertThat(generate("job-down", "a cat"))
                .isEqualTo(Failed.of(FailureClass.RETRYABLE, "HTTP 503 service_unavailable"));

        simulator.profile(Vendor.STABILITY, FAST.withErrorRate(1.0));
        assertThat(generate("job-500", "a cat")).isEqualTo(Failed.of(FailureClass.RETRYABLE, "HTTP 500 internal_error"));
    }

    @Test
    void malformedBytesAreTheVendorsFailureNotACrash() {
        simulator.profile(Vendor.STABILITY, FAST.withMalformedRate(1.0));
        // A 200 whose body is not the vendor's shape: the vendor's failure (VENDOR_ERROR, played by RETRYABLE),
        // answered normally, never a crash or a bug of ours (INTERNAL_ERROR).
        GenerationResult result = generate("job-malformed", "a cat");

        assertThat(result).isInstanceOfSatisfying(Failed.class,
                failed -> assertThat(failed.failureClass()).isEqualTo(FailureClass.RETRYABLE));
    }

    @Test
    void aPromptStabilityRefusesIsAnInvalidRequest() {
        assertThat(generate("job-long", "a".repeat(10_001)))
                .isEqualTo(Failed.of(FailureClass.INVALID_REQUEST, "HTTP 400 bad_request"));
    }

    @Test
    void aRejectedKeyIsAuthFailed() {
        StabilityAdapter wrongKey = new StabilityAdapter("stability", simulator.baseUrl(Vendor.STABILITY),
                ApiKey.of("STABILITY_API_KEY", "sk-wrong"), StabilityOptions.DEFAULTS, new Billing(meters), http,
                new LocalDirectoryImageStore(images), Clock.systemUTC());

        assertThat(wrongKey.generate(request("job-key", core(), "a cat", ImageParams.defaults())).join())
                .isEqualTo(Failed.of(FailureClass.AUTH_FAILED, "HTTP 401 unauthorized: provider key rejected"));
    }

    @Test
    void aSlowAnswerTimesOut() {
        simulator.profile(Vendor.STABILITY, FAST.withLatency(LatencyProfile.fixed(Duration.ofSeconds(10))));
        GenerationRequest request = new GenerationRequest("job-slow", 1, core(), "a cat", ImageParams.defaults(),
                Duration.ofMillis(300));

        assertThat(adapter().generate(request).join()).isEqualTo(Failed.of(FailureClass.TIMEOUT, "no result within 300ms"));
    }

    @Test
    void withoutAKeyOrAnEndpointTheVendorIsNeverCalled() {
        long before = simulator.requestCount(Vendor.STABILITY);
        StabilityAdapter keyless = new StabilityAdapter("stability", simulator.baseUrl(Vendor.STABILITY),
                ApiKey.absent("STABILITY_API_KEY"), StabilityOptions.DEFAULTS, new Billing(meters), http, new LocalDirectoryImageStore(images),
                Clock.systemUTC());
        CatalogModel noEndpoint = TestCatalog.withOptions(core(), Map.of());

        assertThat(keyless.generate(request("job-nokey", core(), "a cat", ImageParams.defaults())).join())
                .isEqualTo(Failed.of(FailureClass.AUTH_FAILED, "provider misconfigured: no API key in STABILITY_API_KEY"));
        assertThat(adapter().generate(request("job-noendpoint", noEndpoint, "a cat", ImageParams.defaults())).join())
                .isEqualTo(Failed.of(FailureClass.AUTH_FAILED, "provider misconfigured: model stable-image-core has no "
                        + "options.endpoint ultra|core|sd3"));
        assertThat(simulator.requestCount(Vendor.STABILITY)).isEqualTo(before);
    }

    private GenerationResult generate(String jobId, String prompt) {
        return adapter().generate(request(jobId, core(), prompt, ImageParams.defaults())).join();
    }

    private StabilityAdapter adapter() {
        return adapter(StabilityOptions.DEFAULTS);
    }

    private StabilityAdapter adapter(StabilityOptions options) {
        return new StabilityAdapter("stability", simulator.baseUrl(Vendor.STABILITY),
                ApiKey.of("STABILITY_API_KEY", "sk-test"), options, new Billing(meters), http,
                new LocalDirectoryImageStore(images), Clock.systemUTC());
    }

    private static CatalogModel core() {
        return TestCatalog.model("stability", "stable-image-core");
    }

    private static GenerationRequest request(String jobId, CatalogModel model, String prompt, ImageParams params) {
        return new GenerationRequest(jobId, 1, model, prompt, params, Duration.ofSeconds(10));
    }
}
