package io.genpipe.worker.adapter.google;

import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.Lifecycle;
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
import io.genpipe.worker.adapter.VendorJson;
import io.genpipe.worker.image.LocalDirectoryImageStore;
import io.genpipe.worker.provider.ApiKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Google adapter against the vendor simulator's Gemini generateContent API. */
class GoogleAdapterTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final String KEY = "AIza-test-key-91d0";
    private static final Clock DEC_1_2026 = Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);

    private static VendorSimulator simulator;
    private static VendorHttp http;
    private static ExecutorService callbacks;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @TempDir
    Path images;

    @BeforeAll
    static void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults());
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
        simulator.profile(Vendor.GOOGLE, VendorProfile.healthy());
    }

    @Test
    void writesTheInlineImageToTheStoreAndBillsTheReportedTokens() throws Exception {
        GenerationResult result = adapter().generate(request("job-ok", flash(), "a red bicycle in the rain",
                new ImageParams(1024, 1024, 1, null, null))).join();

        assertThat(result).isInstanceOf(Generated.class);
        ImageRef image = ((Generated) result).images().get(0);
        Path file = Path.of(URI.create(image.uri()));
        assertThat(file).isEqualTo(images.resolve("job-ok").resolve("1-0.png").toAbsolutePath());
        assertThat(Files.readAllBytes(file)).startsWith(PNG_SIGNATURE);
        assertThat(image.width()).isEqualTo(1024);
        assertThat(image.contentType()).isEqualTo("image/png");
        // 7 prompt tokens at $0.50/M + 1,120 output tokens (1K) at $60/M
        assertThat(result.cost()).isEqualTo(Usd.of("0.0672035"));
    }

    @Test
    void reportsTheSizeOfTheImageGeminiDrewNotTheSizeAsked() {
        // 1000x560 goes as 16:9 at 1K, which Gemini draws 1344x768: the result says what the file is.
        GenerationResult wide = adapter().generate(request("job-wide", flash(), "a harbour",
                new ImageParams(1000, 560, 1, null, null))).join();
        GenerationResult tall = adapter().generate(request("job-tall", flash(), "a tower",
                new ImageParams(832, 1248, 1, null, null))).join();

        assertThat(wide).isInstanceOfSatisfying(Generated.class, generated -> {
            assertThat(generated.images().get(0).width()).isEqualTo(1344);
            assertThat(generated.images().get(0).height()).isEqualTo(768);
        });
        assertThat(tall).isInstanceOfSatisfying(Generated.class, generated -> {
            assertThat(generated.images().get(0).width()).isEqualTo(832);
            assertThat(generated.images().get(0).height()).isEqualTo(1248);
        });
    }

    @Test
    void aMalformedAnswerIsTheVendorsFailureNotACrash() {
        simulator.profile(Vendor.GOOGLE, VendorProfile.healthy().withMalformedRate(1.0));
        // A 200 whose body is not the vendor's shape: the vendor's failure (VENDOR_ERROR, played by RETRYABLE),
        // answered normally, never a crash or a bug of ours (INTERNAL_ERROR).
        GenerationResult result = adapter().generate(request("job-malformed", flash(), "a cat", new ImageParams(1024, 1024, 1, null, null))).join();

        assertThat(result).isInstanceOfSatisfying(Failed.class,
                failed -> assertThat(failed.failureClass()).isEqualTo(FailureClass.RETRYABLE));
    }

    @Test
    void asksForTheNearestAspectRatioAndSizeTier() {
        GenerationRequest wide = request("job-wide", flash(), "a valley", new ImageParams(2048, 2048, 1, null, null));

        JsonNode body = VendorJson.parse(GoogleAdapter.body(request("job-b", flash(), "a valley",
                new ImageParams(1344, 768, 1, null, null))));
        GenerationResult result = adapter().generate(wide).join();

        assertThat(body.at("/generationConfig/imageConfig/aspectRatio").asString()).isEqualTo("16:9");
        assertThat(body.at("/generationConfig/imageConfig/imageSize").asString()).isEqualTo("1K");
        assertThat(body.at("/generationConfig/responseModalities/0").asString()).isEqualTo("IMAGE");
        // 2K: 1,680 output tokens at $60/M, 2 prompt tokens at $0.50/M
        assertThat(result.cost()).isEqualTo(Usd.of("0.100801"));
    }

    @Test
    void anImagenModelIsRefusedAsShutDownWithoutACall() {
        long before = simulator.requestCount(Vendor.GOOGLE);
        CatalogModel imagen = TestCatalog.model("google", "imagen-4.0-generate-001");

        GenerationResult result = adapter().generate(request("job-imagen", imagen, "a cat", ImageParams.defaults())).join();

        assertThat(result).isEqualTo(Failed.of(FailureClass.INVALID_REQUEST,
                "model shut down on 2026-08-17; replacement gemini-nano-banana-2.1"));
        assertThat(simulator.requestCount(Vendor.GOOGLE)).isEqualTo(before);
    }

    @Test
    void anImagenIdTheCatalogThinksAliveIsRefusedWithoutACallAllTheSame() {
        long before = simulator.requestCount(Vendor.GOOGLE);
        CatalogModel imagen = TestCatalog.model("google", "imagen-4.0-generate-001").withLifecycle(Lifecycle.ACTIVE);

        GenerationResult result = adapter().generate(request("job-imagen", imagen, "a cat", ImageParams.defaults())).join();

        // The issue: an imagen-* model is refused with a clear error and never called, whatever the catalog says.
        assertThat(result).isEqualTo(Failed.of(FailureClass.INVALID_REQUEST, "Imagen models are shut down and this"
                + " adapter calls Gemini image models only; use the catalog's replacement"));
        assertThat(simulator.requestCount(Vendor.GOOGLE)).isEqualTo(before);
    }

    @Test
    void aBlockedPromptIsContentRejectedAndBillsItsPromptTokens() {
        GenerationResult result = adapter().generate(request("job-block", flash(), "a cat [unsafe]",
                ImageParams.defaults())).join();

        // 4 prompt tokens at $0.50/M; nothing generated
        assertThat(result).isEqualTo(new Failed(FailureClass.CONTENT_REJECTED, "prompt blocked: SAFETY",
                Usd.of("0.000002")));
    }

    @Test
    void aWithheldImageIsContentRejected() {
        GenerationResult result = adapter().generate(request("job-withheld", flash(), "a cat [unsafe-output]",
                ImageParams.defaults())).join();

        assertThat(result).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.failureClass()).isEqualTo(FailureClass.CONTENT_REJECTED);
            assertThat(failed.reason()).isEqualTo("output withheld: finishReason SAFETY");
        });
    }

    @Test
    void anOutageIsRetryable() {
        simulator.profile(Vendor.GOOGLE, VendorProfile.outageProfile());

        assertThat(generate("a cat")).isEqualTo(Failed.of(FailureClass.RETRYABLE, "HTTP 503 UNAVAILABLE"));
    }

    @Test
    void aProjectWithoutBillingIsCreditExhausted() {
        simulator.profile(Vendor.GOOGLE, VendorProfile.healthy().withCreditExhausted(true));

        assertThat(generate("a cat")).isEqualTo(Failed.of(FailureClass.CREDIT_EXHAUSTED,
                "HTTP 400 FAILED_PRECONDITION: billing required"));
    }

    @Test
    void aQuotaRefusalIsRateLimitedWithTheRetryInfoWait() {
        simulator.profile(Vendor.GOOGLE, VendorProfile.healthy().withRateLimitRate(1.0).withRetryAfter(Duration.ofSeconds(7)));
        GenerationResult withWait = generate("a cat");
        simulator.profile(Vendor.GOOGLE, VendorProfile.healthy().withRateLimitRate(1.0));
        GenerationResult withoutWait = generate("a cat");

        assertThat(withWait).isEqualTo(Failed.of(FailureClass.RATE_LIMITED, "HTTP 429 RESOURCE_EXHAUSTED")
                .withRetryAdvice(Duration.ofSeconds(7), false));
        assertThat(withoutWait).isEqualTo(Failed.of(FailureClass.RATE_LIMITED, "HTTP 429 RESOURCE_EXHAUSTED"));
    }

    @Test
    void aServerErrorIsRetryable() {
        simulator.profile(Vendor.GOOGLE, VendorProfile.healthy().withErrorRate(1.0));

        assertThat(generate("a cat")).isEqualTo(Failed.of(FailureClass.RETRYABLE, "HTTP 500 INTERNAL"));
    }

    @Test
    void anAspectRatioTheModelRefusesIsInvalidRequest() {
        CatalogModel odd = TestCatalog.withOptions(flash(), Map.of("aspect-ratios", "7:5"));

        assertThat(adapter().generate(request("job-odd", odd, "a cat", ImageParams.defaults())).join())
                .isEqualTo(Failed.of(FailureClass.INVALID_REQUEST, "HTTP 400 INVALID_ARGUMENT"));
    }

    @Test
    void aCallThatOutlastsItsTimeoutTimesOut() {
        simulator.profile(Vendor.GOOGLE, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofSeconds(5))));
        GenerationRequest request = new GenerationRequest("job-slow", 1, flash(), "a cat", ImageParams.defaults(),
                Duration.ofMillis(300));

        assertThat(adapter().generate(request).orTimeout(5, TimeUnit.SECONDS).join())
                .isEqualTo(Failed.of(FailureClass.TIMEOUT, "no result within 300ms"));
    }

    @Test
    void aRejectedKeyIsAuthFailedAndTheKeyAppearsNowhere() {
        try (VendorSimulator strict = VendorSimulator.start(SimulatorSettings.defaults().withKey(Vendor.GOOGLE, "AIza-right"))) {
            GoogleAdapter adapter = new GoogleAdapter("google", strict.baseUrl(Vendor.GOOGLE),
                    ApiKey.of("GEMINI_API_KEY", KEY), new Billing(meters), http, new LocalDirectoryImageStore(images),
                    DEC_1_2026);

            GenerationResult result = adapter.generate(request("job-key", flash(), "a cat", ImageParams.defaults()))
                    .join();

            assertThat(result).isEqualTo(Failed.of(FailureClass.AUTH_FAILED,
                    "HTTP 400 INVALID_ARGUMENT: provider key rejected"));
            assertThat(result.toString()).doesNotContain(KEY);
            assertThat(adapter.toString()).doesNotContain(KEY);
        }
    }

    @Test
    void withoutAKeyGoogleIsNeverCalled() {
        long before = simulator.requestCount(Vendor.GOOGLE);
        GoogleAdapter adapter = new GoogleAdapter("google", simulator.baseUrl(Vendor.GOOGLE),
                ApiKey.absent("GEMINI_API_KEY"), new Billing(meters), http, new LocalDirectoryImageStore(images),
                DEC_1_2026);

        assertThat(adapter.generate(request("job-nokey", flash(), "a cat", ImageParams.defaults())).join())
                .isEqualTo(Failed.of(FailureClass.AUTH_FAILED, "provider misconfigured: no API key in GEMINI_API_KEY"));
        assertThat(simulator.requestCount(Vendor.GOOGLE)).isEqualTo(before);
    }

    private GenerationResult generate(String prompt) {
        return adapter().generate(request("job-x", flash(), prompt, ImageParams.defaults())).join();
    }

    private GoogleAdapter adapter() {
        return new GoogleAdapter("google", simulator.baseUrl(Vendor.GOOGLE), ApiKey.of("GEMINI_API_KEY", KEY),
                new Billing(meters), http, new LocalDirectoryImageStore(images), DEC_1_2026);
    }

    private static CatalogModel flash() {
        return TestCatalog.model("google", "gemini-3.1-flash-image");
    }

    private static GenerationRequest request(String jobId, CatalogModel model, String prompt, ImageParams params) {
        return new GenerationRequest(jobId, 1, model, prompt, params, Duration.ofSeconds(20));
    }
}
