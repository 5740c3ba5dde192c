package io.genpipe.worker.adapter.openai;

import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.Lifecycle;
import io.genpipe.contracts.catalog.Pricing;
import io.genpipe.contracts.catalog.Size;
import io.genpipe.contracts.catalog.Usage;
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
import io.genpipe.worker.adapter.InputFiles;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.adapter.VendorJson;
import io.genpipe.worker.image.LocalDirectoryImageStore;
import io.genpipe.worker.provider.ApiKey;
import io.genpipe.worker.retry.Retries;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The OpenAI adapter against the vendor simulator's images API. */
class OpenAiAdapterTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

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
        simulator.profile(Vendor.OPENAI, VendorProfile.healthy());
    }

    @Test
    void writesTheImagesToTheStoreAndBillsTheReportedTokensAtTheCatalogsPrice() throws Exception {
        GenerationResult result = adapter().generate(request("job-ok", "a red bicycle in the rain",
                new ImageParams(1024, 1024, 2, null, null))).join();

        assertThat(result).isInstanceOf(Generated.class);
        Generated generated = (Generated) result;
        assertThat(generated.images()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            ImageRef image = generated.images().get(i);
            Path file = Path.of(URI.create(image.uri()));
            assertThat(file).isEqualTo(images.resolve("job-ok").resolve("1-" + i + ".png").toAbsolutePath());
            assertThat(Files.readAllBytes(file)).startsWith(PNG_SIGNATURE);
            assertThat(image.width()).isEqualTo(1024);
            assertThat(image.contentType()).isEqualTo("image/png");
        }
        // 6 prompt tokens at $5/M + 2 x 272 low-quality output tokens at $30/M
        assertThat(generated.cost()).isEqualTo(Usd.of("0.01635"));
    }

    @Test
    void asksForExactlyTheDispatchedSize() {
        Generated generated = (Generated) adapter().generate(request("job-wide", "a wide valley",
                new ImageParams(1536, 864, 1, null, null))).join();

        assertThat(generated.images().get(0).width()).isEqualTo(1536);
        assertThat(generated.images().get(0).height()).isEqualTo(864);
        // 3 prompt tokens + 344 output tokens (the simulator scales low 1024x1024 by area)
        assertThat(generated.cost()).isEqualTo(Usd.of("0.010335"));
    }

    @Test
    void anOutageIsRetryable() {
        simulator.profile(Vendor.OPENAI, VendorProfile.outageProfile());

        assertThat(adapter().generate(request("job-down", "a cat", ImageParams.defaults())).join())
                .isEqualTo(Failed.of(FailureClass.RETRYABLE, "HTTP 503 server_error"));
    }

    @Test
    void anExhaustedQuotaIsCreditExhausted() {
        simulator.profile(Vendor.OPENAI, VendorProfile.healthy().withCreditExhausted(true));

        assertThat(adapter().generate(request("job-quota", "a cat", ImageParams.defaults())).join())
                .isEqualTo(Failed.of(FailureClass.CREDIT_EXHAUSTED, "HTTP 429 insufficient_quota"));
    }

    @Test
    void aRateLimitIsRateLimited() {
        simulator.profile(Vendor.OPENAI, VendorProfile.healthy().withRateLimitRate(1.0));

        assertThat(adapter().generate(request("job-limit", "a cat", ImageParams.defaults())).join())
                .isEqualTo(Failed.of(FailureClass.RATE_LIMITED, "HTTP 429 rate_limit_exceeded"));
    }

    @Test
    void aModeratedPromptIsContentRejected() {
        assertThat(adapter().generate(request("job-unsafe", "something [unsafe]", ImageParams.defaults())).join())
                .isEqualTo(Failed.of(FailureClass.CONTENT_REJECTED, "HTTP 400 moderation_blocked"));
        assertThat(images.resolve("job-unsafe")).doesNotExist();
    }

    @Test
    void anImageBlockedAtTheOutputStageIsContentRejectedAndNothingIsStored() {
        assertThat(adapter().generate(request("job-unsafe-out", "a beach [unsafe-output]", ImageParams.defaults())).join())
                .isEqualTo(Failed.of(FailureClass.CONTENT_REJECTED, "HTTP 400 moderation_blocked"));
        assertThat(images.resolve("job-unsafe-out")).doesNotExist();
    }

    @Test
    void aMalformedAnswerIsTheVendorsFailureNotACrash() {
        simulator.profile(Vendor.OPENAI, VendorProfile.healthy().withMalformedRate(1.0));
        // A 200 whose body is not the vendor's shape: the vendor's failure (VENDOR_ERROR, played by RETRYABLE),
        // answered normally, never a crash or a bug of ours (INTERNAL_ERROR).
        GenerationResult result = adapter().generate(request("job-malformed", "a cat", ImageParams.defaults())).join();

        assertThat(result).isInstanceOfSatisfying(Failed.class,
                failed -> assertThat(failed.failureClass()).isEqualTo(FailureClass.RETRYABLE));
    }

    @Test
    void aModelTheVendorHasShutDownIsAnInvalidRequest() {
        // A catalog that has not heard of the shutdown yet: OpenAI answers 404 model_not_found.
        CatalogModel stale = TestCatalog.model("openai", "gpt-image-1").withLifecycle(Lifecycle.ACTIVE);
        GenerationRequest request = new GenerationRequest("job-old", 1, stale, "a cat", ImageParams.defaults(),
                Duration.ofSeconds(10));

        assertThat(adapter().generate(request).join())
                .isEqualTo(Failed.of(FailureClass.INVALID_REQUEST, "HTTP 404 model_not_found"));
    }

    @Test
    void aPriceTheReportDoesNotCoverLeavesTheCostUnknownAndCountsIt() {
        CatalogModel mediumOnly = TestCatalog.priced(TestCatalog.gptImage2(),
                new Pricing.PerImage(Map.of("medium", Usd.of("0.04"))));
        GenerationRequest request = new GenerationRequest("job-unpriced", 1, mediumOnly, "a cat",
                ImageParams.defaults(), Duration.ofSeconds(20));

        GenerationResult result = adapter().generate(request).join();

        assertThat(result).isInstanceOfSatisfying(Generated.class, generated -> {
            assertThat(generated.images()).hasSize(1);
            assertThat(generated.cost()).as("unknown, not zero").isNull();
        });
        assertThat(meters.get("genpipe.worker.cost.unknown").tags("provider", "openai", "model", "gpt-image-2")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void aSlowAnswerTimesOut() {
        simulator.profile(Vendor.OPENAI, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofSeconds(10))));
        GenerationRequest request = new GenerationRequest("job-slow", 1, TestCatalog.gptImage2(), "a cat",
                ImageParams.defaults(), Duration.ofMillis(300));

        assertThat(adapter().generate(request).join())
                .isEqualTo(Failed.of(FailureClass.TIMEOUT, "no result within 300ms"));
    }

    @Test
    void aRejectedKeyIsAuthFailedAndTheKeyAppearsNowhere() {
        try (VendorSimulator strict = VendorSimulator.start(SimulatorSettings.defaults()
                .withKey(Vendor.OPENAI, "sk-the-right-key"))) {
            OpenAiAdapter wrongKey = new OpenAiAdapter("openai", strict.baseUrl(Vendor.OPENAI),
                    ApiKey.of("OPENAI_API_KEY", "sk-wrong-key-5d2a"), OpenAiOptions.DEFAULTS, new Billing(meters), http,
                    new LocalDirectoryImageStore(images), new InputFiles(images, http), meters);

            GenerationResult result = wrongKey.generate(request("job-key", "a cat", ImageParams.defaults())).join();

            assertThat(result).isEqualTo(Failed.of(FailureClass.AUTH_FAILED,
                    "HTTP 401 invalid_api_key: provider key rejected"));
            assertThat(result.toString()).doesNotContain("sk-wrong-key-5d2a");
        }
        assertThat(images.resolve("job-key")).doesNotExist();
    }

    @Test
    void withoutAKeyTheVendorIsNeverCalled() {
        long before = simulator.requestCount(Vendor.OPENAI);
        OpenAiAdapter keyless = new OpenAiAdapter("openai", simulator.baseUrl(Vendor.OPENAI),
                ApiKey.absent("OPENAI_API_KEY"), OpenAiOptions.DEFAULTS, new Billing(meters), http,
                new LocalDirectoryImageStore(images), new InputFiles(images, http), meters);

        assertThat(keyless.generate(request("job-nokey", "a cat", ImageParams.defaults())).join())
                .isEqualTo(Failed.of(FailureClass.AUTH_FAILED, "provider misconfigured: no API key in OPENAI_API_KEY"));
        assertThat(simulator.requestCount(Vendor.OPENAI)).isEqualTo(before);
    }

    @Test
    void sendsTheRequestInOpenAisParameterNamesWithTheCatalogsRenderQuality() {
        String body = OpenAiAdapter.body(request("job-1", "a cat", new ImageParams(1024, 1536, 2, null, null)));

        assertThat(body).isEqualTo("{\"model\":\"gpt-image-2\",\"prompt\":\"a cat\",\"n\":2,\"size\":\"1024x1536\","
                + "\"quality\":\"low\",\"output_format\":\"png\"}");
    }

    @Test
    void asksForAutoQualityWhenTheCatalogNamesNone() {
        CatalogModel model = TestCatalog.gptImage2();
        CatalogModel noQuality = new CatalogModel(model.id(), model.operations(), model.capabilities(),
                model.latency(), model.quality(), null, model.pricing(), model.priceSource(), model.lifecycle(),
                model.options());

        assertThat(OpenAiAdapter.body(new GenerationRequest("job-2", 1, noQuality, "a cat", ImageParams.defaults(),
                Duration.ofSeconds(5)))).contains("\"quality\":\"auto\"");
    }

    @Test
    void readsTheUsageAsReportedAndLeavesOutWhatIsMissing() {
        Size square = new Size(1024, 1024);
        Usage full = OpenAiAdapter.usage(VendorJson.parse("{\"quality\":\"medium\",\"usage\":{\"input_tokens\":50,"
                + "\"output_tokens\":1056,\"input_tokens_details\":{\"text_tokens\":40,\"image_tokens\":10}}}"),
                square, 1, "low");
        Usage unsplit = OpenAiAdapter.usage(VendorJson.parse("{\"usage\":{\"input_tokens\":7,\"output_tokens\":272}}"),
                square, 2, "low");
        Usage none = OpenAiAdapter.usage(VendorJson.parse("{\"data\":[]}"), square, 1, "low");

        assertThat(full).isEqualTo(Usage.ofImages(List.of(square), "medium").withTokens(40L, 10L, 1056L));
        assertThat(unsplit).isEqualTo(Usage.ofImages(List.of(square, square), "low").withTokens(7L, null, 272L));
        assertThat(none.outputTokens()).isNull();
        assertThat(TestCatalog.gptImage2().pricing().bill(none)).isEmpty();
    }

    @Test
    void aRateLimitWithRetryAfterMsIsMadeAgainAfterThatWaitAndThenSucceeds() {
        simulator.profile(Vendor.OPENAI, VendorProfile.healthy().withRateLimitRate(1.0)
                .withRetryAfter(Duration.ofMillis(600)));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            long before = simulator.requestCount(Vendor.OPENAI);
            VendorAdapter retrying = new Retries(scheduler, meters).decorate(TestCatalog.served("openai", "sk-test"),
                    adapter());
            long started = System.nanoTime();

            CompletableFuture<GenerationResult> result = retrying.generate(request("job-429", "a cat",
                    ImageParams.defaults()));
            await().atMost(Duration.ofSeconds(5)).until(() -> simulator.requestCount(Vendor.OPENAI) > before);
            simulator.profile(Vendor.OPENAI, VendorProfile.healthy());
            await().atMost(Duration.ofSeconds(10)).until(result::isDone);

            assertThat(result.join()).isInstanceOf(GenerationResult.Generated.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
            assertThat(simulator.requestCount(Vendor.OPENAI) - before).isEqualTo(2);
        } finally {
            scheduler.shutdownNow();
        }
    }

    private OpenAiAdapter adapter() {
        return new OpenAiAdapter("openai", simulator.baseUrl(Vendor.OPENAI), ApiKey.of("OPENAI_API_KEY", "sk-test"),
                OpenAiOptions.DEFAULTS, new Billing(meters), http, new LocalDirectoryImageStore(images),
                new InputFiles(images, http), meters);
    }

    private static GenerationRequest request(String jobId, String prompt, ImageParams params) {
        return new GenerationRequest(jobId, 1, TestCatalog.gptImage2(), prompt, params, Duration.ofSeconds(20));
    }
}
