package io.genpipe.worker.adapter.leonardo;

import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobInputs;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.TrainedModel;
import io.genpipe.contracts.event.Training;
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
import io.genpipe.worker.adapter.Progress;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.adapter.VendorJson;
import io.genpipe.worker.provider.ApiKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Leonardo custom-model training against the vendor simulator: dataset, uploads, training, polls, delete, resume. */
class LeonardoTrainingTest {

    private static final String KEY = "leo-train-key-8e41";
    private static final String MODEL = "leonardo-custom-model";
    private static final LeonardoOptions FAST_POLLS = new LeonardoOptions(Duration.ofMillis(20), Duration.ofMillis(40), 0, false);
    /** 500 credits a training (the simulator's charge) at the catalog's $0.0026 a credit. */
    private static final Usd TRAINING_COST = Usd.of("1.3");
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'};
    private static final byte[] WEBP = {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' '};

    @TempDir
    static Path store;
    private static VendorSimulator simulator;
    private static VendorHttp http;
    private static ExecutorService callbacks;
    private static ScheduledExecutorService scheduler;
    private static List<String> images;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void start() throws IOException {
        simulator = VendorSimulator.start(SimulatorSettings.defaults().withKey(Vendor.LEONARDO, KEY));
        callbacks = Executors.newFixedThreadPool(2);
        http = new VendorHttp(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), callbacks);
        scheduler = Executors.newSingleThreadScheduledExecutor();
        images = List.of(stored("dog-0.png", PNG), stored("dog-1.jpg", JPEG), stored("dog-2.webp", WEBP));
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
    void trainsACustomModelOnTheJobsImagesReportingProgressAndBillingItsCredits() {
        simulator.profile(Vendor.LEONARDO, lasting(Duration.ofMillis(300)));
        RecordingJournal journal = new RecordingJournal(null);
        List<String> progress = new CopyOnWriteArrayList<>();
        long before = simulator.requestCount(Vendor.LEONARDO);

        GenerationResult result = train(training(images), "a photo of a dog", Duration.ofSeconds(10), journal,
                (status, percent, message) -> progress.add(status)).join();

        assertThat(result).isInstanceOfSatisfying(Generated.class, generated -> {
            assertThat(generated.images()).isEmpty();
            assertThat(generated.trainedModel().kind()).isEqualTo(TrainedModel.Kind.CUSTOM_MODEL);
            assertThat(generated.trainedModel().reference()).matches("[0-9a-f-]{36}");
            assertThat(generated.trainedModel().triggerWord()).isEqualTo("TOK");
            assertThat(generated.cost()).isEqualTo(TRAINING_COST);
        });
        String id = ((Generated) result).trainedModel().reference();
        assertThat(journal.submitted).containsExactly(id + ";credits=500");
        assertThat(progress).contains("PENDING").last().isEqualTo("COMPLETE");
        // One paid call: the dataset and its uploads are not creates.
        assertThat(simulator.requestCount(Vendor.LEONARDO) - before).isEqualTo(1);
        JsonNode model = customModel(id);
        assertThat(model.path("instancePrompt").asString()).isEqualTo("TOK, a photo of a dog");
        assertThat(model.path("name").asString()).isEqualTo("dog-lora");
        assertThat(model.path("sdVersion").asString()).isEqualTo("v1_5");
        assertThat(model.path("modelWidth").asInt()).isEqualTo(768);
    }

    @Test
    void aLaterJobNamesTheTrainedCustomModelAndLeonardoGeneratesWithIt() {
        GenerationResult trained = train(training(images), "a photo of a dog", Duration.ofSeconds(10),
                new RecordingJournal(null), (status, percent, message) -> { }).join();
        String id = ((Generated) trained).trainedModel().reference();
        // The model is not in the catalog (it did not exist when the catalog was written): trained-models serves it.
        CatalogModel custom = TestCatalog.model("leonardo", id);
        RecordingJournal journal = new RecordingJournal(null);

        GenerationResult result = adapter(simulator.baseUrl(Vendor.LEONARDO), KEY).generate(new GenerationRequest(
                "job-custom", 1, custom, "TOK on a beach", ImageParams.defaults(), Duration.ofSeconds(10), 0, journal,
                Operation.TEXT_TO_IMAGE, JobInputs.NONE, (status, percent, message) -> { })).join();

        assertThat(result).isInstanceOfSatisfying(Generated.class, generated -> {
            assertThat(generated.images()).hasSize(1);
            assertThat(generated.cost()).as("the credits the create answered, at the catalog's price of a credit")
                    .isNotNull();
        });
        assertThat(leonardo("GET", "/generations/" + journal.submitted.get(0), null)
                .path("generations_by_pk").path("modelId").asString()).as("the custom model, sent as modelId")
                .isEqualTo(id);
    }

    @Test
    void aFailedTrainingIsRetryableAndItsCostUnknown() {
        simulator.profile(Vendor.LEONARDO, lasting(Duration.ofMillis(100)).withErrorRate(1.0));

        GenerationResult result = train(training(images.subList(0, 1)), "TOK", Duration.ofSeconds(5),
                CallJournal.NONE, Progress.NONE).join();

        assertThat(result).isEqualTo(new Failed(FailureClass.RETRYABLE, "Leonardo training FAILED", null));
        assertThat(meters.get("genpipe.worker.cost.unknown").counter().count()).isEqualTo(1);
    }

    @Test
    void aTrainingOutlastingItsCallIsDeletedAndTimesOutWithItsCredits() {
        simulator.profile(Vendor.LEONARDO, lasting(Duration.ofSeconds(30)));
        RecordingJournal journal = new RecordingJournal(null);

        GenerationResult result = train(training(images.subList(0, 1)), "TOK", Duration.ofMillis(600), journal,
                Progress.NONE).orTimeout(8, TimeUnit.SECONDS).join();

        assertThat(result).isEqualTo(new Failed(FailureClass.TIMEOUT, "no result within 600ms", TRAINING_COST));
        String id = journal.submitted.get(0).split(";")[0];
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(customModel(id).isNull()).isTrue();
            assertThat(meters.get(LeonardoTrainingCall.DELETES).tag("outcome", "deleted").counter().count())
                    .isEqualTo(1);
        });
    }

    @Test
    void anEmptyBalanceIsCreditExhaustedAndNothingIsCharged() {
        simulator.profile(Vendor.LEONARDO, VendorProfile.healthy().withCreditExhausted(true));
        RecordingJournal journal = new RecordingJournal(null);

        GenerationResult result = train(training(images.subList(0, 1)), "TOK", Duration.ofSeconds(5), journal,
                Progress.NONE).join();

        assertThat(result).isEqualTo(Failed.of(FailureClass.CREDIT_EXHAUSTED, "HTTP 400 not enough api tokens"));
        assertThat(journal.submitted).isEmpty();
    }

    @Test
    void anArchiveIsRefusedWithoutAnyCall() {
        LeonardoAdapter nowhere = adapter(URI.create("http://127.0.0.1:9/api/rest/v1"), KEY);

        CompletableFuture<GenerationResult> result = nowhere.generate(request(
                training(List.of("https://example.com/sets/dog.zip")), "TOK", Duration.ofSeconds(5),
                CallJournal.NONE, Progress.NONE));

        // Completed before generate returned: nothing was sent anywhere.
        assertThat(result).isCompletedWithValue(Failed.of(FailureClass.INVALID_REQUEST,
                "inputs.images: Leonardo trains on images, not an archive; give the images themselves"));
    }

    @Test
    void aTrainingJournaledBeforeACrashIsPolledAgainNotStartedAgain() {
        simulator.profile(Vendor.LEONARDO, lasting(Duration.ofMillis(300)));
        String earlier = trainDirectly();
        long before = simulator.requestCount(Vendor.LEONARDO);
        RecordingJournal journal = new RecordingJournal(earlier + ";credits=500");

        GenerationResult result = train(training(images), "TOK", Duration.ofSeconds(10), journal, Progress.NONE).join();

        assertThat(result).isEqualTo(Generated.trained(new TrainedModel(TrainedModel.Kind.CUSTOM_MODEL, earlier, "TOK"),
                TRAINING_COST));
        assertThat(simulator.requestCount(Vendor.LEONARDO)).isEqualTo(before);
        assertThat(journal.submitted).isEmpty();
    }

    @Test
    void anInputThatIsNotAnImageOrNotInTheStoreIsAnInvalidRequestNamingIt() throws IOException {
        String zip = stored("set.bin", new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0});
        String elsewhere = Files.write(Files.createTempFile("outside", ".png"), PNG).toUri().toString();
        long before = simulator.requestCount(Vendor.LEONARDO);

        GenerationResult notAnImage = train(training(List.of(images.get(0), zip)), "TOK", Duration.ofSeconds(5),
                CallJournal.NONE, Progress.NONE).join();
        GenerationResult outside = train(training(List.of(elsewhere)), "TOK", Duration.ofSeconds(5),
                CallJournal.NONE, Progress.NONE).join();

        assertThat(notAnImage).isEqualTo(Failed.of(FailureClass.INVALID_REQUEST,
                "inputs.images[1] is not a png, jpeg or webp image, which is what Leonardo trains on"));
        assertThat(outside).isEqualTo(Failed.of(FailureClass.INVALID_REQUEST,
                "inputs.images[0]: input image is outside the image store"));
        assertThat(simulator.requestCount(Vendor.LEONARDO)).isEqualTo(before);
    }

    @Test
    void aMisconfiguredTrainingOptionIsTheProvidersFaultNotTheJobs() {
        CatalogModel typo = TestCatalog.withOptions(TestCatalog.model("leonardo", MODEL), Map.of("resolution", "600"));

        GenerationResult result = adapter(simulator.baseUrl(Vendor.LEONARDO), KEY).generate(new GenerationRequest(
                "job-typo", 1, typo, "TOK", ImageParams.defaults(), Duration.ofSeconds(5), 0, CallJournal.NONE,
                Operation.MODEL_TRAINING, training(images), Progress.NONE)).join();

        assertThat(result).isEqualTo(Failed.of(FailureClass.AUTH_FAILED, "provider misconfigured: catalog option"
                + " resolution of leonardo-custom-model must be 512, 768 or 1024, was '600'"));
    }

    @Test
    void theInstancePromptIsTheTriggerWordAndThePromptWhenItSaysMore() {
        assertThat(LeonardoTrainingCall.instancePrompt("TOK", "TOK")).isEqualTo("TOK");
        assertThat(LeonardoTrainingCall.instancePrompt("TOK", " ")).isEqualTo("TOK");
        assertThat(LeonardoTrainingCall.instancePrompt("TOK", "a photo of TOK dog")).isEqualTo("a photo of TOK dog");
        assertThat(LeonardoTrainingCall.instancePrompt("TOK", "a TOKEN of love")).isEqualTo("TOK, a TOKEN of love");
    }

    @Test
    void theJournaledJobKeepsItsChargeInCreditsOrDollars() {
        JsonNode credits = VendorJson.parse("{\"customModelId\":\"m-1\",\"apiCreditCost\":null,"
                + "\"cost\":{\"amount\":\"480\",\"unit\":\"CREDITS\"}}");
        JsonNode dollars = VendorJson.parse("{\"customModelId\":\"m-1\",\"apiCreditCost\":null,"
                + "\"cost\":{\"amount\":\"0.0147\",\"unit\":\"DOLLARS\"}}");

        LeonardoTrainingJob inCredits = LeonardoTrainingJob.accepted("m-1", credits);
        LeonardoTrainingJob inDollars = LeonardoTrainingJob.accepted("m-1", dollars);

        assertThat(inCredits.journaled()).isEqualTo("m-1;credits=480");
        assertThat(inDollars.journaled()).isEqualTo("m-1;usd=0.0147");
        assertThat(LeonardoTrainingJob.parse("m-1;usd=0.0147")).contains(inDollars);
        assertThat(LeonardoTrainingJob.parse("m-1")).contains(new LeonardoTrainingJob("m-1", null, null));
        assertThat(LeonardoTrainingJob.parse("../etc;credits=1")).isEmpty();
    }

    private static VendorProfile lasting(Duration latency) {
        return VendorProfile.healthy().withLatency(LatencyProfile.fixed(latency));
    }

    private CompletableFuture<GenerationResult> train(JobInputs inputs, String prompt, Duration timeout,
                                                      CallJournal journal, Progress progress) {
        return adapter(simulator.baseUrl(Vendor.LEONARDO), KEY).generate(request(inputs, prompt, timeout, journal,
                progress));
    }

    private LeonardoAdapter adapter(URI baseUrl, String key) {
        return new LeonardoAdapter("leonardo", baseUrl, ApiKey.of("LEONARDO_API_KEY", key), FAST_POLLS,
                new Billing(meters), http, scheduler, new InputFiles(store, http), meters);
    }

    private static GenerationRequest request(JobInputs inputs, String prompt, Duration timeout, CallJournal journal,
                                             Progress progress) {
        return new GenerationRequest("job-train-" + prompt.hashCode(), 1, TestCatalog.model("leonardo", MODEL), prompt,
                ImageParams.defaults(), timeout, 0, journal, Operation.MODEL_TRAINING, inputs, progress);
    }

    private static JobInputs training(List<String> images) {
        return JobInputs.training(images, new Training("dog-lora", "TOK", null));
    }

    private static String stored(String name, byte[] bytes) {
        try {
            return Files.write(store.resolve(name), bytes).toUri().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode customModel(String id) {
        return leonardo("GET", "/models/" + id, null).path("custom_models_by_pk");
    }

    /** A training started before this test's worker "started", as one that crashed would have left it. */
    private static String trainDirectly() {
        String dataset = leonardo("POST", "/datasets", "{\"name\":\"earlier\"}").path("insert_datasets_one")
                .path("id").asString();
        JsonNode form = leonardo("POST", "/datasets/" + dataset + "/upload", "{\"extension\":\"png\"}")
                .path("uploadDatasetImage");
        UploadForm upload = new UploadForm();
        LeonardoDatasetUpload.fields(form.path("fields")).forEach(upload::field);
        UploadForm.Encoded encoded = upload.withFile("a.png", "image/png", PNG);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(form.path("url").asString()))
                .header("Content-Type", encoded.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(encoded.body())).build()).join().statusCode())
                .isEqualTo(204);
        return leonardo("POST", "/models", "{\"name\":\"earlier\",\"datasetId\":\"" + dataset
                + "\",\"instance_prompt\":\"TOK\"}").path("sdTrainingJob").path("customModelId").asString();
    }

    private static JsonNode leonardo(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl(Vendor.LEONARDO) + path))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
        return VendorJson.parse(http.send(request).join().body());
    }

    /** The journal of one call: what it was told, and the training it says was started before. */
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
