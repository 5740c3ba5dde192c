package io.genpipe.worker.adapter.huggingface;

import io.genpipe.contracts.catalog.CatalogModel;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Hugging Face adapter against the vendor simulator's hf-inference text-to-image API. */
class HuggingFaceAdapterTest {

    private static final VendorProfile FAST = VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofMillis(30)));
    private static final HuggingFaceOptions QUICK = new HuggingFaceOptions(Duration.ofMillis(100));

    private static VendorSimulator simulator;
    private static VendorHttp http;
    private static ExecutorService callbacks;
    private static ScheduledExecutorService scheduler;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @TempDir
    Path images;

    @BeforeAll
    static void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withKey(Vendor.HUGGINGFACE, "hf_test")
                .withProfile(Vendor.HUGGINGFACE, FAST));
        callbacks = Executors.newFixedThreadPool(2);
        scheduler = Executors.newSingleThreadScheduledExecutor();
        http = new VendorHttp(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), callbacks);
    }

    @AfterAll
    static void stop() {
        scheduler.shutdownNow();
        callbacks.shutdownNow();
        simulator.close();
    }

    @AfterEach
    void healthyAgain() {
        simulator.profile(Vendor.HUGGINGFACE, FAST);
    }

    @Test
    void storesTheImageWithTheAskedSizeAndLeavesTheUnreportedCostUnknown() throws Exception {
        GenerationResult result = adapter().generate(request("job-ok", "a fox in snow",
                new ImageParams(512, 768, 1, 42L, null, 4), Duration.ofSeconds(10))).join();

        assertThat(result).isInstanceOf(Generated.class);
        Generated generated = (Generated) result;
        ImageRef image = generated.images().get(0);
        Path file = Path.of(URI.create(image.uri()));
        assertThat(file).isEqualTo(images.resolve("job-ok").resolve("1-0.png").toAbsolutePath());
        BufferedImage stored = ImageIO.read(file.toFile());
        assertThat(stored.getWidth()).isEqualTo(512);
        assertThat(stored.getHeight()).isEqualTo(768);
        assertThat(image.width()).isEqualTo(512);
        assertThat(image.height()).isEqualTo(768);
        // hf-inference bills compute time but reports none: unknown, never $0, and counted.
        assertThat(generated.cost()).isNull();
        assertThat(meters.get("genpipe.worker.cost.unknown")
                .tags("provider", "huggingface", "model", "black-forest-labs/FLUX.1-schnell").counter().count())
                .isEqualTo(1);
    }

    @Test
    void sendsThePromptAndTheDispatchedParametersTheModelTakes() {
        String body = HuggingFaceAdapter.body(request("job-body", "a fox",
                new ImageParams(512, 768, 1, 42L, "blurry", 4), Duration.ofSeconds(1)));

        // FLUX.1-schnell takes no negative prompt (catalog), so none is sent.
        assertThat(body).isEqualTo("{\"inputs\":\"a fox\",\"parameters\":{\"width\":512,\"height\":768,\"seed\":42,"
                + "\"num_inference_steps\":4}}");
    }

    @Test
    void aLoadingModelIsWaitedForThenCalledAgain() {
        long before = simulator.requestCount(Vendor.HUGGINGFACE);
        long started = System.nanoTime();

        CompletableFuture<GenerationResult> result = adapter().generate(request("job-cold", "a fox [cold]",
                ImageParams.defaults(), Duration.ofSeconds(8)));
        await().atMost(Duration.ofSeconds(8)).until(result::isDone);

        assertThat(result.join()).isInstanceOf(Generated.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(simulator.requestCount(Vendor.HUGGINGFACE) - before).isEqualTo(2);
    }

    @Test
    void aLoadThatWouldOutlastTheAttemptEndsAtOnceAsRateLimitedWithTheEstimatedWait() {
        long before = simulator.requestCount(Vendor.HUGGINGFACE);

        GenerationResult result = adapter().generate(request("job-cold-short", "a heron [cold]",
                ImageParams.defaults(), Duration.ofMillis(600))).join();

        assertThat(result).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.failureClass()).isEqualTo(FailureClass.RATE_LIMITED);
            assertThat(failed.reason()).isEqualTo("HTTP 503 model loading");
            assertThat(failed.retryAfter()).isBetween(Duration.ofMillis(800), Duration.ofSeconds(1));
        });
        assertThat(simulator.requestCount(Vendor.HUGGINGFACE) - before).isEqualTo(1);
    }

    @Test
    void exhaustedMonthlyCreditsAreCreditExhausted() {
        simulator.profile(Vendor.HUGGINGFACE, FAST.withCreditExhausted(true));

        assertThat(generate("job-credits")).isEqualTo(Failed.of(FailureClass.CREDIT_EXHAUSTED, "HTTP 402 credits exhausted"));
    }

    @Test
    void aRateLimitIsRateLimitedWithTheStatedWait() {
        simulator.profile(Vendor.HUGGINGFACE, FAST.withRateLimitRate(1.0).withRetryAfter(Duration.ofSeconds(3)));

        assertThat(generate("job-limit")).isEqualTo(Failed.of(FailureClass.RATE_LIMITED, "HTTP 429 rate limited")
                .withRetryAdvice(Duration.ofSeconds(3), false));
    }

    @Test
    void anOutageAndAServerErrorAreRetryable() {
        simulator.profile(Vendor.HUGGINGFACE, VendorProfile.outageProfile());
        assertThat(generate("job-down")).isEqualTo(Failed.of(FailureClass.RETRYABLE, "HTTP 503"));

        simulator.profile(Vendor.HUGGINGFACE, FAST.withErrorRate(1.0));
        assertThat(generate("job-500")).isEqualTo(Failed.of(FailureClass.RETRYABLE, "HTTP 500"));
    }

    @Test
    void malformedBytesAreTheVendorsFailureNotACrash() {
        simulator.profile(Vendor.HUGGINGFACE, FAST.withMalformedRate(1.0));
        // A 200 whose body is not the vendor's shape: the vendor's failure (VENDOR_ERROR, played by RETRYABLE),
        // answered normally, never a crash or a bug of ours (INTERNAL_ERROR).
        GenerationResult result = generate("job-malformed");

        assertThat(result).isInstanceOfSatisfying(Failed.class,
                failed -> assertThat(failed.failureClass()).isEqualTo(FailureClass.RETRYABLE));
    }

    @Test
    void aModelNotServedIsAMisconfiguredProvider() {
        CatalogModel flux = flux();
        CatalogModel other = new CatalogModel("someone/unknown-model", flux.operations(), flux.capabilities(),
                flux.latency(), flux.quality(), flux.renderQuality(), flux.pricing(), flux.priceSource(),
                flux.lifecycle(), flux.options());

        assertThat(adapter().generate(new GenerationRequest("job-404", 1, other, "a cat", ImageParams.defaults(),
                Duration.ofSeconds(5))).join())
                .isEqualTo(Failed.of(FailureClass.AUTH_FAILED, "HTTP 404 model not served: provider misconfigured"));
    }

    @Test
    void aSizeTheVendorRefusesIsAnInvalidRequest() {
        assertThat(adapter().generate(request("job-size", "a cat", new ImageParams(1001, 1000, 1, null, null, null),
                Duration.ofSeconds(5))).join()).isEqualTo(Failed.of(FailureClass.INVALID_REQUEST, "HTTP 400"));
    }

    @Test
    void aRejectedTokenIsAuthFailed() {
        HuggingFaceAdapter wrongToken = new HuggingFaceAdapter("huggingface", simulator.baseUrl(Vendor.HUGGINGFACE),
                ApiKey.of("HF_TOKEN", "hf_wrong"), QUICK, new Billing(meters), http,
                new LocalDirectoryImageStore(images), scheduler, Clock.systemUTC());

        assertThat(wrongToken.generate(request("job-key", "a cat", ImageParams.defaults(), Duration.ofSeconds(5))).join())
                .isEqualTo(Failed.of(FailureClass.AUTH_FAILED, "HTTP 401: provider key rejected"));
    }

    @Test
    void aSlowAnswerTimesOut() {
        simulator.profile(Vendor.HUGGINGFACE, FAST.withLatency(LatencyProfile.fixed(Duration.ofSeconds(10))));

        assertThat(adapter().generate(request("job-slow", "a cat", ImageParams.defaults(), Duration.ofMillis(300))).join())
                .isEqualTo(Failed.of(FailureClass.TIMEOUT, "no result within 300ms"));
    }

    @Test
    void withoutATokenTheVendorIsNeverCalled() {
        long before = simulator.requestCount(Vendor.HUGGINGFACE);
        HuggingFaceAdapter tokenless = new HuggingFaceAdapter("huggingface", simulator.baseUrl(Vendor.HUGGINGFACE),
                ApiKey.absent("HF_TOKEN"), QUICK, new Billing(meters), http, new LocalDirectoryImageStore(images),
                scheduler, Clock.systemUTC());

        assertThat(tokenless.generate(request("job-notoken", "a cat", ImageParams.defaults(), Duration.ofSeconds(5)))
                .join()).isEqualTo(Failed.of(FailureClass.AUTH_FAILED, "provider misconfigured: no API key in HF_TOKEN"));
        assertThat(simulator.requestCount(Vendor.HUGGINGFACE)).isEqualTo(before);
    }

    private GenerationResult generate(String jobId) {
        return adapter().generate(request(jobId, "a cat", ImageParams.defaults(), Duration.ofSeconds(5))).join();
    }

    private HuggingFaceAdapter adapter() {
        return new HuggingFaceAdapter("huggingface", simulator.baseUrl(Vendor.HUGGINGFACE),
                ApiKey.of("HF_TOKEN", "hf_test"), QUICK, new Billing(meters), http,
                new LocalDirectoryImageStore(images), scheduler, Clock.systemUTC());
    }

    private static CatalogModel flux() {
        return TestCatalog.model("huggingface", "black-forest-labs/FLUX.1-schnell");
    }

    private static GenerationRequest request(String jobId, String prompt, ImageParams params, Duration timeout) {
        return new GenerationRequest(jobId, 1, flux(), prompt, params, timeout);
    }
}
