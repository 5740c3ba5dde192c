package io.genpipe.worker.adapter.fal;

import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.Pricing;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
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
import io.genpipe.worker.image.LocalDirectoryImageStore;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.health.ProviderCircuit;
import io.genpipe.worker.health.ProviderCircuits;
import io.genpipe.worker.provider.WorkerSettings;
import io.genpipe.worker.retry.Retries;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.worker.provider.ApiKey;
import io.genpipe.simulator.LatencyProfile;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.VendorSimulator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

import javax.imageio.ImageIO;
import java.io.IOException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The fal adapter against the vendor simulator's fal queue API. */
class FalAdapterTest {

    private static final String KEY = "fal-test-key-7c1e";

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
        simulator.profile(Vendor.FAL, VendorProfile.healthy());
    }

    @Test
    void generatesImagesOnFalsCdnAndBillsThemAtTheCatalogsPricePerMegapixel() {
        GenerationResult result = adapter(KEY).generate(request("a red bicycle", new ImageParams(1024, 768, 2, 7L, null))).join();

        assertThat(result).isInstanceOf(Generated.class);
        Generated generated = (Generated) result;
        assertThat(generated.images()).hasSize(2).allSatisfy(image -> {
            assertThat(image.uri()).startsWith(simulator.baseUrl(Vendor.FAL) + "/files/");
            assertThat(image.width()).isEqualTo(1024);
            assertThat(image.height()).isEqualTo(768);
            assertThat(image.contentType()).isEqualTo("image/png");
        });
        // 2 images x 0.75 MP x $0.003
        assertThat(generated.cost()).isEqualTo(Usd.of("0.0045"));
        HttpResponse<String> file = http.send(HttpRequest.newBuilder(URI.create(generated.images().get(0).uri())).build()).join();
        assertThat(file.statusCode()).isEqualTo(200);
    }

    @Test
    void copiesFalsImagesIntoTheImageStoreWhenTheProviderAsksSinceItsLinksDoNotLast(@TempDir Path store)
            throws IOException {
        VendorAdapter copying = factory(store, Map.of("genpipe.workers.providers.fal.options.copy-images", "true"))
                .create(TestCatalog.servedAt("fal", KEY, simulator.baseUrl(Vendor.FAL)));

        GenerationResult result = copying.generate(request("a red bicycle", new ImageParams(512, 512, 2, 7L, null))).join();

        assertThat(result).isInstanceOfSatisfying(Generated.class, generated -> {
            assertThat(generated.images()).hasSize(2).allSatisfy(image -> {
                assertThat(image.uri()).startsWith("file:");
                assertThat(image.width()).as("read from the copy").isEqualTo(512);
                assertThat(image.height()).isEqualTo(512);
            });
            assertThat(generated.cost()).as("2 x 0.25 MP x $0.003, as for links").isEqualTo(Usd.of("0.0015"));
        });
        for (ImageRef copy : ((Generated) result).images()) {
            assertThat(ImageIO.read(Path.of(URI.create(copy.uri())).toFile())).as(copy.uri()).isNotNull();
        }
    }

    @Test
    void keepsFalsLinksByDefault(@TempDir Path store) {
        VendorAdapter plain = factory(store, Map.of()).create(TestCatalog.servedAt("fal", KEY, simulator.baseUrl(Vendor.FAL)));

        GenerationResult result = plain.generate(request("a red bicycle", ImageParams.defaults())).join();

        assertThat(result).isInstanceOfSatisfying(Generated.class, generated -> assertThat(generated.images())
                .allSatisfy(image -> assertThat(image.uri()).startsWith(simulator.baseUrl(Vendor.FAL) + "/files/")));
        assertThat(store).isEmptyDirectory();
    }

    @Test
    void anOutageIsRetryable() {
        simulator.profile(Vendor.FAL, VendorProfile.outageProfile());

        assertThat(adapter(KEY).generate(request("a cat", ImageParams.defaults())).join())
                .isEqualTo(Failed.of(FailureClass.RETRYABLE, "HTTP 503 runner_scheduling_failure"));
    }

    @Test
    void anExhaustedBalanceIsCreditExhausted() {
        simulator.profile(Vendor.FAL, VendorProfile.healthy().withCreditExhausted(true));

        assertThat(adapter(KEY).generate(request("a cat", ImageParams.defaults())).join())
                .isEqualTo(Failed.of(FailureClass.CREDIT_EXHAUSTED, "HTTP 403 account locked: exhausted balance"));
    }

    @Test
    void aPromptTheSafetyCheckerFlagsIsContentRejected() {
        GenerationResult result = adapter(KEY).generate(request("something [unsafe]", ImageParams.defaults())).join();

        assertThat(result).isEqualTo(Failed.of(FailureClass.CONTENT_REJECTED, "HTTP 422 content_policy_violation"));
    }

    @Test
    void anOutputTheSafetyCheckerFlagsIsDroppedAndBilledAndOnlyFlaggedOutputIsContentRejected() {
        GenerationResult one = adapter(KEY).generate(request("a beach [unsafe-output]",
                new ImageParams(1024, 1024, 1, null, null))).join();
        GenerationResult two = adapter(KEY).generate(request("a beach [unsafe-output]",
                new ImageParams(1024, 1024, 2, null, null))).join();

        // The flagged image ran on fal's GPUs: 1 MP x $0.003 is billed either way.
        assertThat(one).isEqualTo(new Failed(FailureClass.CONTENT_REJECTED, "output flagged by fal's safety checker",
                Usd.of("0.003")));
        assertThat(two).isInstanceOfSatisfying(Generated.class, generated -> {
            assertThat(generated.images()).as("the flagged one dropped").hasSize(1);
            assertThat(generated.cost()).isEqualTo(Usd.of("0.006"));
        });
    }

    @Test
    void aMalformedResultIsTheVendorsFailureNotACrash() {
        simulator.profile(Vendor.FAL, VendorProfile.healthy().withMalformedRate(1.0));
        // A 200 whose body is not the vendor's shape: the vendor's failure (VENDOR_ERROR, played by RETRYABLE),
        // answered normally, never a crash or a bug of ours (INTERNAL_ERROR).
        GenerationResult result = adapter(KEY).generate(request("a cat", ImageParams.defaults())).orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();

        assertThat(result).isInstanceOfSatisfying(Failed.class,
                failed -> assertThat(failed.failureClass()).isEqualTo(FailureClass.RETRYABLE));
    }

    @Test
    void aRateLimitIsRateLimited() {
        simulator.profile(Vendor.FAL, VendorProfile.healthy().withRateLimitRate(1.0));

        assertThat(adapter(KEY).generate(request("a cat", ImageParams.defaults())).join())
                .isEqualTo(Failed.of(FailureClass.RATE_LIMITED, "HTTP 429 rate limited"));
    }

    @Test
    void aModelThatFailsAfterRunningIsReadFromTheResult() {
        simulator.profile(Vendor.FAL, VendorProfile.healthy().withErrorRate(1.0));

        GenerationResult result = adapter(KEY).generate(request("a cat", ImageParams.defaults())).join();

        assertThat(result).isInstanceOfSatisfying(Failed.class, failed -> assertThat(failed.reason())
                .isIn("HTTP 500 internal_error", "HTTP 504 request_timeout"));
    }

    @Test
    void aCallThatOutlastsItsTimeoutTimesOut() {
        simulator.profile(Vendor.FAL, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofSeconds(30))));
        GenerationRequest request = new GenerationRequest("job-slow", 1, TestCatalog.flux(), "a cat",
                ImageParams.defaults(), Duration.ofMillis(300));

        GenerationResult result = adapter(KEY).generate(request).orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();

        assertThat(result).isEqualTo(Failed.of(FailureClass.TIMEOUT, "no result within 300ms"));
    }

    @Test
    void aCallThatOutlastsItsTimeoutCancelsItsRequestAtFal() {
        simulator.profile(Vendor.FAL, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofSeconds(30))));
        SubmittedIds submitted = new SubmittedIds();
        GenerationRequest request = new GenerationRequest("job-cancelled", 1, TestCatalog.flux(), "a cat",
                ImageParams.defaults(), Duration.ofMillis(300), 0, submitted);

        GenerationResult result = adapter(KEY).generate(request).orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();

        assertThat(result).isEqualTo(Failed.of(FailureClass.TIMEOUT, "no result within 300ms"));
        assertThat(submitted.ids).hasSize(1);
        // fal's only trace of a cancel (vendor-apis.md section 1): a request that would run for 30 s completes at once
        // and its result is the client_cancelled error. Nothing else ends it early, so this is the PUT .../cancel.
        URI requestUrl = URI.create(simulator.baseUrl(Vendor.FAL) + "/fal-ai/flux/requests/" + submitted.ids.get(0));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(requestUrl)
                    .header("Authorization", "Key " + KEY).build()).join();
            assertThat(answer.statusCode()).isEqualTo(499);
            assertThat(answer.body()).contains("client_cancelled");
        });
    }

    /** A journal that keeps the ids fal gave the calls' requests, so a test can ask fal about them. */
    private static final class SubmittedIds implements CallJournal {
        final List<String> ids = new CopyOnWriteArrayList<>();

        @Override
        public Optional<String> submittedRequest(int firstImage) {
            return Optional.empty();
        }

        @Override
        public boolean resumes(int firstImage) {
            return false;
        }

        @Override
        public void submitted(int firstImage, String requestId) {
            ids.add(requestId);
        }

        @Override
        public void calling(int firstImage) {
        }
    }

    @Test
    void aRejectedKeyIsAuthFailedAndTheKeyAppearsNowhere() {
        try (VendorSimulator strict = VendorSimulator.start(SimulatorSettings.defaults().withKey(Vendor.FAL, "the-right-key"))) {
            FalAdapter adapter = new FalAdapter("fal", strict.baseUrl(Vendor.FAL), ApiKey.of("FAL_KEY", KEY),
                    new FalOptions(Duration.ofMillis(20), Duration.ofMillis(20), 0, false), new Billing(meters), http, scheduler,
                    new InputFiles(Path.of("target", "fal-test-images"), http), false);

            GenerationResult result = adapter.generate(request("a cat", ImageParams.defaults())).join();

            assertThat(result).isEqualTo(Failed.of(FailureClass.AUTH_FAILED, "HTTP 401 unauthorized: provider key rejected"));
            assertThat(result.toString()).doesNotContain(KEY);
        }
    }

    @Test
    void withoutAKeyTheVendorIsNeverCalled() {
        long before = simulator.requestCount(Vendor.FAL);

        GenerationResult result = adapter(null).generate(request("a cat", ImageParams.defaults())).join();

        assertThat(result).isEqualTo(Failed.of(FailureClass.AUTH_FAILED, "provider misconfigured: no API key in FAL_KEY"));
        assertThat(simulator.requestCount(Vendor.FAL)).isEqualTo(before);
    }

    @Test
    void manyCallsWaitInFalsQueueAtOnceOnOneSchedulerThread() {
        simulator.profile(Vendor.FAL, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofMillis(500))));
        FalAdapter adapter = adapter(KEY);

        List<CompletableFuture<GenerationResult>> calls = IntStream.range(0, 100)
                .mapToObj(i -> adapter.generate(request("picture " + i, ImageParams.defaults())))
                .toList();

        // 100 calls of 500 ms each, polled from one thread: together they take about as long as one.
        List<GenerationResult> results = CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                .orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
                .thenApply(done -> calls.stream().map(CompletableFuture::join).toList())
                .join();
        assertThat(results).hasSize(100).allSatisfy(result -> assertThat(result).isInstanceOf(Generated.class));
    }

    @Test
    void aPriceTheReturnedSizesDoNotCoverLeavesTheCostUnknownAndCountsIt() {
        CatalogModel onlySquares = TestCatalog.priced(TestCatalog.flux(),
                new Pricing.PerImage(Map.of("1024x1024", Usd.of("0.01"))));
        GenerationRequest request = new GenerationRequest("job-unpriced", 1, onlySquares, "a cat",
                new ImageParams(512, 512, 1, null, null), Duration.ofSeconds(20));

        GenerationResult result = adapter(KEY).generate(request).join();

        assertThat(result).isInstanceOfSatisfying(Generated.class, generated -> {
            assertThat(generated.images()).hasSize(1);
            assertThat(generated.cost()).as("unknown, not zero").isNull();
        });
        assertThat(meters.get("genpipe.worker.cost.unknown").tags("provider", "fal", "model", "fal-ai/flux/schnell")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void requestsTheDispatchedImagesInFalsParameterNames() {
        String body = body(request("a cat", new ImageParams(512, 768, 3, 11L, "blurry")));

        // flux/schnell takes no negative prompt (its catalog capabilities say so), so none is sent.
        assertThat(body).isEqualTo("{\"prompt\":\"a cat\",\"image_size\":{\"width\":512,\"height\":768},"
                + "\"num_images\":3,\"seed\":11,\"output_format\":\"png\",\"enable_safety_checker\":true}");
    }

    @Test
    void sendsTheDispatchedInferenceStepsAsNumInferenceSteps() {
        String body = body(request("a cat", ImageParams.defaults().withSteps(2)));

        assertThat(body).contains("\"num_inference_steps\":2");
    }

    @Test
    void sendsNoInferenceStepsWhenTheDispatchHasNoneSoTheModelUsesItsDefault() {
        GenerationRequest qwen = new GenerationRequest("job-q", 1, TestCatalog.model("fal", "fal-ai/qwen-image"),
                "a cat", ImageParams.defaults(), Duration.ofSeconds(20));

        assertThat(body(request("a cat", ImageParams.defaults()))).doesNotContain("num_inference_steps");
        assertThat(body(qwen)).doesNotContain("num_inference_steps");
    }

    @Test
    void generatesWithInferenceStepsAgainstFalsQueue() {
        GenerationResult result = adapter(KEY).generate(request("a lighthouse",
                new ImageParams(512, 512, 1, null, null, 3))).join();

        assertThat(result).isInstanceOfSatisfying(Generated.class,
                generated -> assertThat(generated.images()).hasSize(1));
    }

    @Test
    void sendsTheNegativePromptToAModelThatTakesOne() {
        GenerationRequest request = new GenerationRequest("job-q", 1, TestCatalog.model("fal", "fal-ai/qwen-image"),
                "a cat", new ImageParams(1024, 1024, 1, null, "blurry"), Duration.ofSeconds(20));

        assertThat(body(request)).contains("\"negative_prompt\":\"blurry\"");
    }

    @Test
    void namesTheOutputFormatFieldAsTheModelsCatalogOptionSays() {
        CatalogModel fastSdxl = TestCatalog.withOptions(TestCatalog.flux(), Map.of("output-format-field", "format"));
        GenerationRequest request = new GenerationRequest("job-f", 1, fastSdxl, "a cat", ImageParams.defaults(),
                Duration.ofSeconds(20));

        assertThat(body(request)).contains("\"format\":\"png\"").doesNotContain("output_format");
    }

    @Test
    void aRateLimitThatStatesItsWaitIsMadeAgainAfterThatWaitAndThenSucceeds() {
        simulator.profile(Vendor.FAL, VendorProfile.healthy().withRateLimitRate(1.0).withRetryAfter(Duration.ofSeconds(1)));
        long before = simulator.requestCount(Vendor.FAL);
        VendorAdapter retrying = new Retries(scheduler, meters).decorate(TestCatalog.served("fal", KEY), adapter(KEY));
        long started = System.nanoTime();

        CompletableFuture<GenerationResult> result = retrying.generate(request("a cat", ImageParams.defaults()));
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.requestCount(Vendor.FAL) > before);
        simulator.profile(Vendor.FAL, VendorProfile.healthy()); // fal takes calls again well within the stated second
        await().atMost(Duration.ofSeconds(10)).until(result::isDone);

        assertThat(result.join()).isInstanceOf(Generated.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(simulator.requestCount(Vendor.FAL) - before).isEqualTo(2);
        assertThat(meters.counter("genpipe.worker.retries", "provider", "fal", "failure", "RATE_LIMITED").count())
                .isEqualTo(1);
    }

    @Test
    void aBugOfOursReadingFalsAnswersIsAnInternalErrorThatLeavesTheProviderUp() {
        VendorHttp buggy = new VendorHttp(new BodyReadingBug(
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()), callbacks);
        FalAdapter adapter = new FalAdapter("fal", simulator.baseUrl(Vendor.FAL), ApiKey.of("FAL_KEY", KEY),
                new FalOptions(Duration.ofMillis(20), Duration.ofMillis(20), 0, false), new Billing(meters), buggy, scheduler,
                new InputFiles(Path.of("target", "fal-test-images"), buggy), false);
        ProviderCircuit circuit = new ProviderCircuits(List.of(TestCatalog.served("fal", KEY)),
                new WorkerSettings.CircuitBreaker(50f, 10, 5, Duration.ofMinutes(1), 2, false, null, 100f),
                Clock.systemUTC()).of("fal");

        for (int i = 0; i < 6; i++) {
            String prompt = "a cat " + i;
            GenerationResult result = circuit.call("job-" + i, 1,
                    () -> adapter.generate(request(prompt, ImageParams.defaults()))).join();
            assertThat(result).isEqualTo(Failed.of(FailureClass.INTERNAL_ERROR, "internal error (IllegalStateException)"));
        }

        assertThat(circuit.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(circuit.state()).isEqualTo(HealthState.UP);
    }

    private FalAdapterFactory factory(Path store, Map<String, String> properties) {
        MockEnvironment environment = new MockEnvironment();
        properties.forEach(environment::setProperty);
        return new FalAdapterFactory(http, scheduler, new Billing(meters), new InputFiles(store, http),
                new ImageCopies(http, new LocalDirectoryImageStore(store)), environment);
    }

    private FalAdapter adapter(String key) {
        ApiKey apiKey = key == null ? ApiKey.absent("FAL_KEY") : ApiKey.of("FAL_KEY", key);
        return new FalAdapter("fal", simulator.baseUrl(Vendor.FAL), apiKey, new FalOptions(Duration.ofMillis(20), Duration.ofMillis(20), 0, false),
                new Billing(meters), http, scheduler, new InputFiles(Path.of("target", "fal-test-images"), http), false);
    }

    private static String body(GenerationRequest request) {
        return FalRequestBody.of(request, new InputFiles(Path.of("target", "fal-test-images"), http)).join();
    }

    private static GenerationRequest request(String prompt, ImageParams params) {
        return new GenerationRequest("job-" + prompt.hashCode(), 1, TestCatalog.flux(), prompt, params,
                Duration.ofSeconds(20));
    }
}
