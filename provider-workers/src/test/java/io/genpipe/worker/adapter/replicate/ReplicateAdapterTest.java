package io.genpipe.worker.adapter.replicate;

import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.Lifecycle;
import io.genpipe.contracts.catalog.Pricing;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.simulator.LatencyProfile;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.VendorSimulator;
import io.genpipe.worker.TestCatalog;
import io.genpipe.worker.adapter.Billing;
import io.genpipe.worker.adapter.CallJournal;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.GenerationResult.Generated;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.worker.adapter.ImageCopies;
import io.genpipe.worker.adapter.InputFiles;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.image.LocalDirectoryImageStore;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.adapter.VendorJson;
import io.genpipe.worker.provider.ApiKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

import javax.imageio.ImageIO;
import java.io.IOException;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Replicate adapter against the vendor simulator's predictions API. */
class ReplicateAdapterTest {

    private static final String KEY = "r8_test-key-4b2f";
    private static final Clock DEC_1_2026 = Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);
    /** Short polls, so a test of a one-second prediction takes about a second. */
    private static final ReplicateOptions FAST_POLLS = new ReplicateOptions(null, Duration.ofMillis(50),
            Duration.ofMillis(100), 0, false);
    private static final ReplicateOptions NO_WAIT = new ReplicateOptions(Duration.ZERO, Duration.ofMillis(50),
            Duration.ofMillis(100), 0, false);

    private static VendorSimulator simulator;
    private static HttpClient client;
    private static VendorHttp http;
    private static ExecutorService callbacks;
    private static ScheduledExecutorService scheduler;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults());
        callbacks = Executors.newFixedThreadPool(2);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        http = new VendorHttp(client, callbacks);
        // One thread for every poll of every call: calls wait by being scheduled, never by holding a thread.
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stop() {
        scheduler.shutdownNow();
        callbacks.shutdownNow();
        simulator.close();
    }

    @AfterEach
    void healthyAgain() {
        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy());
    }

    @Test
    void aFastModelEndsInTheCreateCallWithItsImageUrlsBilledPerImage() {
        RecordingJournal journal = new RecordingJournal();
        long before = simulator.requestCount(Vendor.REPLICATE);

        GenerationResult result = adapter(FAST_POLLS).generate(request(flux(), "a red bicycle",
                new ImageParams(1360, 768, 2, 7L, null), Duration.ofSeconds(20), journal)).join();

        assertThat(result).isInstanceOf(Generated.class);
        Generated generated = (Generated) result;
        assertThat(generated.images()).hasSize(2).allSatisfy(image -> {
            assertThat(image.uri()).startsWith(origin() + "/delivery/");
            assertThat(image.width()).isEqualTo(1360);
            assertThat(image.height()).isEqualTo(768);
            assertThat(image.contentType()).isEqualTo("image/png");
        });
        assertThat(generated.cost()).isEqualTo(Usd.of("0.006")); // 2 images x $0.003
        assertThat(journal.submitted).hasSize(1);
        assertThat(simulator.requestCount(Vendor.REPLICATE)).isEqualTo(before + 1);
        HttpResponse<String> file = http.send(HttpRequest.newBuilder(URI.create(generated.images().get(0).uri())).build())
                .join();
        assertThat(file.statusCode()).isEqualTo(200);
    }

    @Test
    void copiesReplicatesOutputsIntoTheImageStoreWhenTheProviderAsksSinceTheyAreDeletedWithinAnHour(
            @TempDir Path store) throws IOException {
        VendorAdapter copying = factory(store, Map.of("genpipe.workers.providers.replicate.options.copy-images", "true"))
                .create(TestCatalog.servedAt("replicate", KEY, simulator.baseUrl(Vendor.REPLICATE)));

        GenerationResult result = copying.generate(request(flux(), "a red bicycle",
                new ImageParams(1024, 1024, 2, 7L, null), Duration.ofSeconds(20), CallJournal.NONE)).join();

        assertThat(result).isInstanceOfSatisfying(Generated.class, generated -> {
            assertThat(generated.images()).hasSize(2).allSatisfy(image -> {
                assertThat(image.uri()).startsWith("file:");
                assertThat(image.width()).as("read from the copy").isEqualTo(1024);
                assertThat(image.height()).isEqualTo(1024);
            });
            assertThat(generated.cost()).as("2 images x $0.003, as for links").isEqualTo(Usd.of("0.006"));
        });
        for (ImageRef copy : ((Generated) result).images()) {
            assertThat(ImageIO.read(Path.of(URI.create(copy.uri())).toFile())).as(copy.uri()).isNotNull();
        }
    }

    @Test
    void keepsReplicatesLinksByDefault(@TempDir Path store) {
        VendorAdapter plain = factory(store, Map.of())
                .create(TestCatalog.servedAt("replicate", KEY, simulator.baseUrl(Vendor.REPLICATE)));

        GenerationResult result = plain.generate(request(flux(), "a red bicycle", ImageParams.defaults(),
                Duration.ofSeconds(20), CallJournal.NONE)).join();

        assertThat(result).isInstanceOfSatisfying(Generated.class, generated -> assertThat(generated.images())
                .allSatisfy(image -> assertThat(image.uri()).startsWith(origin() + "/delivery/")));
        assertThat(store).isEmptyDirectory();
    }

    @Test
    void aMalformedPredictionIsTheVendorsFailureNotACrash() {
        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withMalformedRate(1.0));
        // A 200 whose body is not the vendor's shape: the vendor's failure (VENDOR_ERROR, played by RETRYABLE),
        // answered normally, never a crash or a bug of ours (INTERNAL_ERROR).
        GenerationResult result = generate("a cat");

        assertThat(result).isInstanceOfSatisfying(Failed.class,
                failed -> assertThat(failed.failureClass()).isEqualTo(FailureClass.RETRYABLE));
    }

    @Test
    void aSlowerPredictionIsPolledOnTheSchedulerUntilItSucceeds() {
        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofMillis(800))));
        RecordingJournal journal = new RecordingJournal();

        GenerationResult result = adapter(NO_WAIT).generate(request(flux(), "a red bicycle", ImageParams.defaults(),
                Duration.ofSeconds(10), journal)).join();

        assertThat(result).isInstanceOf(Generated.class);
        String id = journal.submitted.values().iterator().next();
        assertThat(prediction(id).path("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void aModelRunByVersionIsBilledPerSecondOfItsPredictTime() {
        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofSeconds(1))));
        CatalogModel sdxl = TestCatalog.withOptions(TestCatalog.priced(ReplicateRequestContractTest.withId(flux(),
                "acme/sdxl:5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa"),
                new Pricing.PerGpuSecond(Usd.of("0.001"))), Map.of("size-input", "width-height"));

        GenerationResult result = adapter(FAST_POLLS).generate(request(sdxl, "a red bicycle",
                new ImageParams(768, 512, 1, null, null), Duration.ofSeconds(10), CallJournal.NONE)).join();

        assertThat(result).isInstanceOf(Generated.class);
        assertThat(((Generated) result).images().get(0).uri()).contains("768x512");
        assertThat(result.cost()).isEqualTo(Usd.of("0.0009")); // 0.9 s of predict time x $0.001
    }

    @Test
    void pastTheDeadlineThePredictionIsCanceledAndTheAttemptTimesOut() {
        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofSeconds(30))));
        RecordingJournal journal = new RecordingJournal();

        GenerationResult result = adapter(FAST_POLLS).generate(request(flux(), "a slow cat", ImageParams.defaults(),
                Duration.ofMillis(800), journal)).orTimeout(5, TimeUnit.SECONDS).join();

        assertThat(result).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.failureClass()).isEqualTo(FailureClass.TIMEOUT);
            assertThat(failed.reason()).isEqualTo("no result within 800ms");
            assertThat(failed.cost()).isEqualTo(Usd.ZERO); // nothing billed per image when none was made
        });
        String id = journal.submitted.values().iterator().next();
        await().atMost(Duration.ofSeconds(5)).until(() -> prediction(id).path("status").asString().equals("canceled"));
    }

    @Test
    void aJournaledPredictionIsResumedNotCreatedAgain() {
        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofMillis(300))));
        RecordingJournal first = new RecordingJournal();
        adapter(NO_WAIT).generate(request(flux(), "a cat", ImageParams.defaults(), Duration.ofSeconds(10), first)).join();
        long creates = simulator.requestCount(Vendor.REPLICATE);
        RecordingJournal replay = new RecordingJournal();
        replay.resume = first.submitted.get(0);

        GenerationResult result = adapter(NO_WAIT).generate(request(flux(), "a cat", ImageParams.defaults(),
                Duration.ofSeconds(10), replay)).join();

        assertThat(result).isInstanceOf(Generated.class);
        assertThat(simulator.requestCount(Vendor.REPLICATE)).isEqualTo(creates);
    }

    @Test
    void anOutageIsRetryable() {
        simulator.profile(Vendor.REPLICATE, VendorProfile.outageProfile());

        assertThat(generate("a cat")).isEqualTo(Failed.of(FailureClass.RETRYABLE, "HTTP 503"));
    }

    @Test
    void anAccountWithoutCreditIsCreditExhausted() {
        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withCreditExhausted(true));

        assertThat(generate("a cat")).isEqualTo(Failed.of(FailureClass.CREDIT_EXHAUSTED, "HTTP 402 insufficient credit"));
    }

    @Test
    void aThrottledCallIsRateLimitedWithTheWaitItsTextStates() {
        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withRateLimitRate(1.0)
                .withRetryAfter(Duration.ofSeconds(3)));

        assertThat(generate("a cat")).isEqualTo(Failed.of(FailureClass.RATE_LIMITED, "HTTP 429 throttled")
                .withRetryAdvice(Duration.ofSeconds(3), false));
    }

    @Test
    void aPromptWhoseImagesAreAllFlaggedIsContentRejected() {
        GenerationResult result = generate("something [unsafe]");

        assertThat(result).isEqualTo(new Failed(FailureClass.CONTENT_REJECTED,
                "prediction failed: output flagged as NSFW", Usd.ZERO));
    }

    @Test
    void aModelThatFailsAfterRunningIsRetryable() {
        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withErrorRate(1.0));

        assertThat(generate("a cat")).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.failureClass()).isEqualTo(FailureClass.RETRYABLE);
            assertThat(failed.reason()).startsWith("prediction failed: model");
        });
    }

    @Test
    void anInputTheModelRefusesIsInvalidRequest() {
        CatalogModel oddRatios = TestCatalog.withOptions(flux(), Map.of("aspect-ratios", "7:5"));

        GenerationResult result = adapter(FAST_POLLS).generate(request(oddRatios, "a cat", ImageParams.defaults(),
                Duration.ofSeconds(10), CallJournal.NONE)).join();

        assertThat(result).isEqualTo(Failed.of(FailureClass.INVALID_REQUEST,
                "HTTP 422 input validation failed (input.aspect_ratio)"));
    }

    @Test
    void aRejectedTokenIsAuthFailedAndTheTokenAppearsNowhere() {
        try (VendorSimulator strict = VendorSimulator.start(SimulatorSettings.defaults()
                .withKey(Vendor.REPLICATE, "r8_the-right-one"))) {
            ReplicateAdapter adapter = new ReplicateAdapter("replicate", strict.baseUrl(Vendor.REPLICATE),
                    ApiKey.of("REPLICATE_API_TOKEN", KEY), FAST_POLLS, new Billing(meters), http, scheduler, DEC_1_2026,
                    new InputFiles(Path.of("build-no-store"), http), meters);

            GenerationResult result = adapter.generate(request(flux(), "a cat", ImageParams.defaults(),
                    Duration.ofSeconds(10), CallJournal.NONE)).join();

            assertThat(result).isEqualTo(Failed.of(FailureClass.AUTH_FAILED,
                    "HTTP 401 unauthenticated: provider key rejected"));
            assertThat(result.toString()).doesNotContain(KEY);
            assertThat(adapter.toString()).doesNotContain(KEY);
        }
    }

    @Test
    void withoutAKeyOrForAShutDownModelReplicateIsNeverCalled() {
        long before = simulator.requestCount(Vendor.REPLICATE);
        CatalogModel gone = flux().withLifecycle(new Lifecycle(null, LocalDate.parse("2026-11-30"),
                "black-forest-labs/flux-dev"));

        GenerationResult noKey = new ReplicateAdapter("replicate", simulator.baseUrl(Vendor.REPLICATE),
                ApiKey.absent("REPLICATE_API_TOKEN"), FAST_POLLS, new Billing(meters), http, scheduler, DEC_1_2026,
                    new InputFiles(Path.of("build-no-store"), http), meters)
                .generate(request(flux(), "a cat", ImageParams.defaults(), Duration.ofSeconds(5), CallJournal.NONE))
                .join();
        GenerationResult shutDown = adapter(FAST_POLLS).generate(request(gone, "a cat", ImageParams.defaults(),
                Duration.ofSeconds(5), CallJournal.NONE)).join();

        assertThat(noKey).isEqualTo(Failed.of(FailureClass.AUTH_FAILED,
                "provider misconfigured: no API key in REPLICATE_API_TOKEN"));
        assertThat(shutDown).isEqualTo(Failed.of(FailureClass.INVALID_REQUEST,
                "model shut down on 2026-11-30; replacement black-forest-labs/flux-dev"));
        assertThat(simulator.requestCount(Vendor.REPLICATE)).isEqualTo(before);
    }

    private GenerationResult generate(String prompt) {
        return adapter(FAST_POLLS).generate(request(flux(), prompt, ImageParams.defaults(), Duration.ofSeconds(10),
                CallJournal.NONE)).orTimeout(10, TimeUnit.SECONDS).join();
    }

    private ReplicateAdapterFactory factory(Path store, Map<String, String> properties) {
        MockEnvironment environment = new MockEnvironment();
        properties.forEach(environment::setProperty);
        return new ReplicateAdapterFactory(http, scheduler, new Billing(meters), DEC_1_2026, new InputFiles(store, http),
                meters, new ImageCopies(http, new LocalDirectoryImageStore(store)), environment);
    }

    private ReplicateAdapter adapter(ReplicateOptions options) {
        return new ReplicateAdapter("replicate", simulator.baseUrl(Vendor.REPLICATE),
                ApiKey.of("REPLICATE_API_TOKEN", KEY), options, new Billing(meters), http, scheduler, DEC_1_2026,
                    new InputFiles(Path.of("build-no-store"), http), meters);
    }

    private static CatalogModel flux() {
        return TestCatalog.model("replicate", "black-forest-labs/flux-schnell");
    }

    private static GenerationRequest request(CatalogModel model, String prompt, ImageParams params, Duration timeout,
                                             CallJournal journal) {
        return new GenerationRequest("job-r", 1, model, prompt, params, timeout, 0, journal);
    }

    private static String origin() {
        URI base = simulator.baseUrl(Vendor.REPLICATE);
        return base.getScheme() + "://" + base.getAuthority();
    }

    private static tools.jackson.databind.JsonNode prediction(String id) {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(simulator.baseUrl(Vendor.REPLICATE) + "/predictions/" + id))
                .header("Authorization", "Bearer " + KEY).build()).join();
        return VendorJson.parse(response.body());
    }

    /** Remembers what the adapter journals, and can hand it a prediction to resume. */
    private static final class RecordingJournal implements CallJournal {

        final Map<Integer, String> submitted = new ConcurrentHashMap<>();
        volatile String resume;

        @Override
        public Optional<String> submittedRequest(int firstImage) {
            return Optional.ofNullable(resume);
        }

        @Override
        public boolean resumes(int firstImage) {
            return resume != null;
        }

        @Override
        public void submitted(int firstImage, String requestId) {
            submitted.put(firstImage, requestId);
        }

        @Override
        public void calling(int firstImage) {
        }
    }
}
