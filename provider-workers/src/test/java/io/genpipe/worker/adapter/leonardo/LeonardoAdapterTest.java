package io.genpipe.worker.adapter.leonardo;

import io.genpipe.contracts.catalog.CatalogModel;
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
import io.genpipe.worker.adapter.InputFiles;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.adapter.VendorJson;
import io.genpipe.worker.provider.ApiKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Leonardo adapter against the vendor simulator's Leonardo API: create, poll, resume, every failure class. */
class LeonardoAdapterTest {

    private static final String KEY = "leo-test-key-5d2b";
    private static final String LIGHTNING_XL = "b24e16ff-06e3-43eb-8d33-4416c2d75876";
    private static final LeonardoOptions FAST_POLLS = new LeonardoOptions(Duration.ofMillis(20), Duration.ofMillis(40), 0, false);

    private static VendorSimulator simulator;
    private static VendorHttp http;
    private static ExecutorService callbacks;
    private static ScheduledExecutorService scheduler;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults());
        callbacks = Executors.newFixedThreadPool(2);
        http = new VendorHttp(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), callbacks);
        // One thread for every poll of every call: jobs wait by being scheduled, never by holding a thread.
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
        simulator.profile(Vendor.LEONARDO, VendorProfile.healthy());
    }

    @Test
    void pollsAPendingJobUntilCompleteAndBillsTheCreditsItReported() {
        simulator.profile(Vendor.LEONARDO, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofMillis(400))));
        RecordingJournal journal = new RecordingJournal(null);
        long before = simulator.requestCount(Vendor.LEONARDO);

        GenerationResult result = adapter(KEY).generate(request("a red fox", new ImageParams(1024, 1024, 2, 7L, null),
                Duration.ofSeconds(10), journal)).join();

        assertThat(result).isInstanceOfSatisfying(Generated.class, generated -> {
            assertThat(generated.images()).hasSize(2).allSatisfy(image -> {
                assertThat(image.uri()).startsWith(simulator.baseUrl(Vendor.LEONARDO).resolve("/files/").toString());
                assertThat(image.width()).isEqualTo(1024);
                assertThat(image.height()).isEqualTo(1024);
                assertThat(image.contentType()).isEqualTo("image/png");
            });
            // 2 images of 1024x1024: the simulator charges 20 credits, at the catalog's $0.0026 a credit.
            assertThat(generated.cost()).isEqualTo(Usd.of("0.052"));
        });
        assertThat(journal.submitted).hasSize(1).allSatisfy(id -> assertThat(id).matches("[0-9a-f-]{36}"));
        assertThat(simulator.requestCount(Vendor.LEONARDO) - before).isEqualTo(1);
        HttpResponse<String> file = http.send(HttpRequest.newBuilder(URI.create(((Generated) result).images().get(0).uri())).build()).join();
        assertThat(file.statusCode()).isEqualTo(200);
    }

    @Test
    void aJobJournaledBeforeACrashIsPolledAgainNotCreatedAgain() {
        simulator.profile(Vendor.LEONARDO, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofMillis(300))));
        String earlier = createDirectly("{\"prompt\":\"a red fox\",\"width\":1024,\"height\":1024,\"num_images\":1}");
        long before = simulator.requestCount(Vendor.LEONARDO);
        RecordingJournal journal = new RecordingJournal(earlier);

        GenerationResult result = adapter(KEY).generate(request("a red fox", new ImageParams(1024, 1024, 1, null, null),
                Duration.ofSeconds(10), journal)).join();

        assertThat(result).isInstanceOfSatisfying(Generated.class, generated -> {
            assertThat(generated.images()).singleElement()
                    .satisfies(image -> assertThat(image.uri()).contains(earlier));
            // The create answer went with the crashed worker: billed at the catalog's credits per image.
            assertThat(generated.cost()).isEqualTo(Usd.of("0.026"));
        });
        assertThat(simulator.requestCount(Vendor.LEONARDO)).isEqualTo(before);
        assertThat(journal.submitted).isEmpty();
    }

    @Test
    void theDeadlinePassingWhilePendingTimesOutAndKeepsTheCreditsCharged() {
        simulator.profile(Vendor.LEONARDO, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofSeconds(30))));

        GenerationResult result = adapter(KEY).generate(request("a cat", new ImageParams(1024, 1024, 1, null, null),
                Duration.ofMillis(1500), CallJournal.NONE)).orTimeout(8, TimeUnit.SECONDS).join();

        // The job was created (its credits charged) well within the 1.5 s; it is its pending that outlasts them.
        assertThat(result).isEqualTo(new Failed(FailureClass.TIMEOUT, "no result within 1500ms", Usd.of("0.026")));
    }

    @Test
    void anEmptyBalanceIsCreditExhausted() {
        simulator.profile(Vendor.LEONARDO, VendorProfile.healthy().withCreditExhausted(true));

        assertThat(generate("a cat")).isEqualTo(Failed.of(FailureClass.CREDIT_EXHAUSTED, "HTTP 400 not enough api tokens"));
    }

    @Test
    void aModeratedPromptIsContentRejected() {
        assertThat(generate("a [unsafe] cat"))
                .isEqualTo(Failed.of(FailureClass.CONTENT_REJECTED, "HTTP 400 content moderation filter"));
    }

    @Test
    void outputsFlaggedNsfwAreNotKeptButAreBilled() {
        GenerationResult result = generate("a beach [nsfw]");

        assertThat(result).isEqualTo(new Failed(FailureClass.CONTENT_REJECTED, "output flagged nsfw by Leonardo",
                Usd.of("0.026")));
    }

    @Test
    void aRateLimitIsRateLimitedWithItsStatedWait() {
        simulator.profile(Vendor.LEONARDO, VendorProfile.healthy().withRateLimitRate(1.0).withRetryAfter(Duration.ofSeconds(2)));

        assertThat(generate("a cat")).isEqualTo(Failed.of(FailureClass.RATE_LIMITED, "HTTP 429 rate limited")
                .withRetryAdvice(Duration.ofSeconds(2), false));
    }

    @Test
    void aSizeLeonardoRefusesIsAnInvalidRequest() {
        GenerationResult result = adapter(KEY).generate(request("a cat", new ImageParams(1020, 1024, 1, null, null),
                Duration.ofSeconds(5), CallJournal.NONE)).join();

        assertThat(result).isEqualTo(Failed.of(FailureClass.INVALID_REQUEST, "HTTP 400 invalid request (validation-failed)"));
    }

    @Test
    void anOutageIsRetryable() {
        simulator.profile(Vendor.LEONARDO, VendorProfile.outageProfile());

        assertThat(generate("a cat")).isEqualTo(Failed.of(FailureClass.RETRYABLE, "HTTP 503"));
    }

    @Test
    void aMalformedPollIsTheVendorsFailureNotACrash() {
        simulator.profile(Vendor.LEONARDO, VendorProfile.healthy().withMalformedRate(1.0));
        // A 200 whose body is not the vendor's shape: the vendor's failure (VENDOR_ERROR, played by RETRYABLE),
        // answered normally, never a crash or a bug of ours (INTERNAL_ERROR).
        GenerationResult result = generate("a cat");

        assertThat(result).isInstanceOfSatisfying(Failed.class,
                failed -> assertThat(failed.failureClass()).isEqualTo(FailureClass.RETRYABLE));
    }

    @Test
    void aFailedJobIsRetryableAndItsCostUnknown() {
        simulator.profile(Vendor.LEONARDO, VendorProfile.healthy().withErrorRate(1.0));

        GenerationResult result = generate("a cat");

        assertThat(result).isEqualTo(new Failed(FailureClass.RETRYABLE, "Leonardo generation FAILED", null));
        assertThat(meters.get("genpipe.worker.cost.unknown").counter().count()).isEqualTo(1);
    }

    @Test
    void aRejectedKeyIsAuthFailedAndTheKeyAppearsNowhere() {
        try (VendorSimulator strict = VendorSimulator.start(SimulatorSettings.defaults().withKey(Vendor.LEONARDO, "the-right-key"))) {
            LeonardoAdapter adapter = new LeonardoAdapter("leonardo", strict.baseUrl(Vendor.LEONARDO),
                    ApiKey.of("LEONARDO_API_KEY", KEY), FAST_POLLS, new Billing(meters), http, scheduler,
                    new InputFiles(Path.of("target", "no-input-images"), http), meters);

            GenerationResult result = adapter.generate(request("a cat", ImageParams.defaults(), Duration.ofSeconds(5),
                    CallJournal.NONE)).join();

            assertThat(result).isEqualTo(Failed.of(FailureClass.AUTH_FAILED, "HTTP 401 unauthorized: provider key rejected"));
            assertThat(result.toString()).doesNotContain(KEY);
            assertThat(adapter.toString()).doesNotContain(KEY);
        }
    }

    @Test
    void withoutAKeyLeonardoIsNeverCalled() {
        long before = simulator.requestCount(Vendor.LEONARDO);

        GenerationResult result = adapter(null).generate(request("a cat", ImageParams.defaults(), Duration.ofSeconds(5),
                CallJournal.NONE)).join();

        assertThat(result).isEqualTo(Failed.of(FailureClass.AUTH_FAILED, "provider misconfigured: no API key in LEONARDO_API_KEY"));
        assertThat(simulator.requestCount(Vendor.LEONARDO)).isEqualTo(before);
    }

    @Test
    void manyPendingJobsArePolledFromOneSchedulerThread() {
        simulator.profile(Vendor.LEONARDO, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofMillis(500))));
        LeonardoAdapter adapter = adapter(KEY);

        List<CompletableFuture<GenerationResult>> calls = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> adapter.generate(request("picture " + i, ImageParams.defaults(), Duration.ofSeconds(10),
                        CallJournal.NONE)))
                .toList();

        await().atMost(Duration.ofSeconds(8)).until(() -> calls.stream().allMatch(CompletableFuture::isDone));
        assertThat(calls).allSatisfy(call -> assertThat(call.join()).isInstanceOf(Generated.class));
    }

    @Test
    void sendsTheDispatchedParametersInLeonardosNames() {
        CatalogModel model = TestCatalog.model("leonardo", LIGHTNING_XL);
        GenerationRequest request = new GenerationRequest("job-b", 1, model, "a cat",
                new ImageParams(832, 1216, 3, 11L, "blurry", 20), Duration.ofSeconds(5));

        assertThat(VendorJson.parse(LeonardoAdapter.body(request, LeonardoOptions.DEFAULTS))).isEqualTo(VendorJson.parse(
                "{\"prompt\":\"a cat\",\"modelId\":\"" + LIGHTNING_XL + "\",\"width\":832,\"height\":1216,"
                        + "\"num_images\":3,\"seed\":11,\"negative_prompt\":\"blurry\",\"num_inference_steps\":20,"
                        + "\"public\":false}"));
    }

    private GenerationResult generate(String prompt) {
        return adapter(KEY).generate(request(prompt, new ImageParams(1024, 1024, 1, null, null), Duration.ofSeconds(5),
                CallJournal.NONE)).orTimeout(5, TimeUnit.SECONDS).join();
    }

    private LeonardoAdapter adapter(String key) {
        ApiKey apiKey = key == null ? ApiKey.absent("LEONARDO_API_KEY") : ApiKey.of("LEONARDO_API_KEY", key);
        return new LeonardoAdapter("leonardo", simulator.baseUrl(Vendor.LEONARDO), apiKey, FAST_POLLS,
                new Billing(meters), http, scheduler, new InputFiles(Path.of("target", "no-input-images"), http), meters);
    }

    private static GenerationRequest request(String prompt, ImageParams params, Duration timeout, CallJournal journal) {
        return new GenerationRequest("job-" + prompt.hashCode(), 1, TestCatalog.model("leonardo", LIGHTNING_XL), prompt,
                params, timeout, 0, journal);
    }

    /** A job created before this test's worker "started", as one that crashed would have left it. */
    private static String createDirectly(String body) {
        HttpRequest create = HttpRequest.newBuilder(URI.create(simulator.baseUrl(Vendor.LEONARDO) + "/generations"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return VendorJson.parse(http.send(create).join().body()).path("sdGenerationJob").path("generationId").asString();
    }

    /** The journal of one call: what it was told, and the job it says was created before. */
    private static final class RecordingJournal implements CallJournal {

        private final String earlier;
        final List<String> submitted = new CopyOnWriteArrayList<>();

        RecordingJournal(String earlier) {
            this.earlier = earlier;
        }

        @Override
        public Optional<String> submittedRequest(int firstImage) {
            return Optional.ofNullable(earlier);
        }

        @Override
        public boolean resumes(int firstImage) {
            return earlier != null;
        }

        @Override
        public void submitted(int firstImage, String requestId) {
            submitted.add(requestId);
        }

        @Override
        public void calling(int firstImage) {
        }
    }
}
