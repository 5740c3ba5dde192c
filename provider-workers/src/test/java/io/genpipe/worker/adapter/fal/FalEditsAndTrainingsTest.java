package io.genpipe.worker.adapter.fal;

import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.CatalogProvider;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobInputs;
import io.genpipe.contracts.event.Lora;
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
import io.genpipe.worker.adapter.ImageCopies;
import io.genpipe.worker.adapter.InputFiles;
import io.genpipe.worker.image.LocalDirectoryImageStore;
import io.genpipe.worker.adapter.Progress;
import io.genpipe.worker.adapter.VendorAdapter;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.adapter.VendorJson;
import io.genpipe.worker.provider.ApiKey;
import io.genpipe.worker.provider.ProviderSettings;
import io.genpipe.worker.provider.ServedProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.StandardEnvironment;
import tools.jackson.databind.JsonNode;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** fal's image edits, LoRA generations and LoRA trainings, against the vendor simulator's fal queue. */
class FalEditsAndTrainingsTest {

    private static final String KEY = "fal-test-key-3b9d";

    private static VendorSimulator simulator;
    private static VendorHttp http;
    private static ExecutorService callbacks;
    private static ScheduledExecutorService scheduler;

    @TempDir
    Path store;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Report> reports = new CopyOnWriteArrayList<>();
    private final Journal journal = new Journal();

    record Report(String status, Integer percent, String message) {
    }

    @BeforeAll
    static void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults());
        callbacks = Executors.newFixedThreadPool(2);
        http = new VendorHttp(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), callbacks);
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
    void editsAnUploadedImageSentAsADataUriAndBillsTheEditsMegapixels() throws IOException {
        String upload = stored("upload.png", png());
        GenerationRequest edit = request(TestCatalog.model("fal", "fal-ai/qwen-image-edit"), Operation.IMAGE_EDIT,
                JobInputs.edit(List.of(upload), null), new ImageParams(1024, 1024, 1, null, null), Duration.ofSeconds(20));

        JsonNode body = VendorJson.parse(FalRequestBody.of(edit, files()).join());
        GenerationResult result = adapter(false).generate(edit).join();

        assertThat(body.get("image_url").stringValue()).startsWith("data:image/png;base64,");
        assertThat(body.get("prompt").stringValue()).isEqualTo("a cat");
        // Journaled going out, then with fal's id: a crash in between leaves a lost call, never a forgotten one.
        assertThat(journal.events).containsExactly("calling 0", "submitted 0 " + journal.requestId.get());
        assertThat(result).isInstanceOfSatisfying(Generated.class, generated -> {
            assertThat(generated.images()).hasSize(1);
            assertThat(generated.cost()).isEqualTo(Usd.of("0.03")); // 1 MP x $0.03 [? in the catalog]
        });
    }

    @Test
    void anInputOutsideTheImageStoreIsAnInvalidRequestAndFalIsNeverCalled() {
        long before = simulator.requestCount(Vendor.FAL);
        GenerationRequest edit = request(TestCatalog.model("fal", "fal-ai/qwen-image-edit"), Operation.IMAGE_EDIT,
                JobInputs.edit(List.of("file:///etc/passwd"), null), ImageParams.defaults(), Duration.ofSeconds(20));

        assertThat(adapter(false).generate(edit).join())
                .isEqualTo(Failed.of(FailureClass.INVALID_REQUEST, "input image is outside the image store"));
        assertThat(simulator.requestCount(Vendor.FAL)).isEqualTo(before);
    }

    @Test
    void generatesWithLoraWeightsByUrlAndFromTheStore() throws IOException {
        String stored = stored("weights.safetensors", new byte[] {8, 0, 0, 0, 0, 0, 0, 0, '{', '}'});
        GenerationRequest lora = request(TestCatalog.model("fal", "fal-ai/flux-lora"), Operation.TEXT_TO_IMAGE,
                JobInputs.loras(List.of(new Lora("https://v3.fal.media/files/tok/lora.safetensors", new BigDecimal("0.8")),
                        new Lora(stored, null))), new ImageParams(1024, 768, 1, 5L, null), Duration.ofSeconds(20));

        JsonNode loras = VendorJson.parse(FalRequestBody.of(lora, files()).join()).get("loras");
        GenerationResult result = adapter(false).generate(lora).join();

        assertThat(loras).hasSize(2);
        assertThat(loras.get(0).get("path").stringValue()).isEqualTo("https://v3.fal.media/files/tok/lora.safetensors");
        assertThat(loras.get(0).get("scale").decimalValue()).isEqualByComparingTo("0.8");
        assertThat(loras.get(1).get("path").stringValue()).startsWith("data:");
        assertThat(loras.get(1).get("scale").decimalValue()).isEqualByComparingTo("1");
        assertThat(result).isInstanceOfSatisfying(Generated.class,
                generated -> assertThat(generated.images()).hasSize(1));
    }

    @Test
    void trainsFromAnArchiveUrlReportingProgressAndReturnsTheWeightsBilledPerRun() {
        simulator.profile(Vendor.FAL, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofSeconds(1))));
        GenerationRequest training = training(List.of("https://example.com/sets/tok.zip"), 500, Duration.ofSeconds(20));

        JsonNode body = VendorJson.parse(FalRequestBody.of(training, files()).join());
        GenerationResult result = adapter(false).generate(training).orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(body.get("images_data_url").stringValue()).isEqualTo("https://example.com/sets/tok.zip");
        assertThat(body.get("trigger_word").stringValue()).isEqualTo("TOK");
        assertThat(body.get("steps").intValue()).isEqualTo(500);
        assertThat(body.has("prompt")).isFalse();
        assertThat(result).isInstanceOfSatisfying(Generated.class, generated -> {
            assertThat(generated.images()).isEmpty();
            assertThat(generated.trainedModel().kind()).isEqualTo(TrainedModel.Kind.LORA_WEIGHTS);
            assertThat(generated.trainedModel().reference()).startsWith(simulator.baseUrl(Vendor.FAL) + "/files/")
                    .endsWith(".safetensors");
            assertThat(generated.trainedModel().triggerWord()).isEqualTo("TOK");
            assertThat(generated.cost()).isEqualTo(Usd.of("2.00"));
        });
        List<Report> running = reports.stream().filter(report -> report.status().equals("IN_PROGRESS")).toList();
        assertThat(running).isNotEmpty();
        // Polls land where they land; whatever they saw counts up, in fal's own words.
        assertThat(running).extracting(Report::percent).filteredOn(percent -> percent != null)
                .isSortedAccordingTo(Integer::compare).allSatisfy(percent -> assertThat(percent).isBetween(0, 100));
        assertThat(running).extracting(Report::message)
                .allSatisfy(message -> assertThat(message).matches("Preparing 500 training steps|step \\d+/500"));
        assertThat(reports.get(reports.size() - 1)).isEqualTo(new Report("COMPLETED", 100, "step 500/500"));
    }

    @Test
    void trainsFromLooseImagesZippedIntoADataUri() throws IOException {
        simulator.profile(Vendor.FAL, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofMillis(300))));
        String downloaded = simulator.baseUrl(Vendor.FAL) + "/files/example-0-00ff00.png"; // fetched by the worker
        GenerationRequest training = training(List.of(stored("a.png", png()), stored("b.png", png()), downloaded),
                null, Duration.ofSeconds(20));

        JsonNode body = VendorJson.parse(FalRequestBody.of(training, files()).join());
        GenerationResult result = adapter(false).generate(training).orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(body.get("images_data_url").stringValue()).startsWith("data:application/zip;base64,");
        assertThat(body.has("steps")).as("fal's default").isFalse();
        assertThat(result).isInstanceOfSatisfying(Generated.class,
                generated -> assertThat(generated.trainedModel().triggerWord()).isEqualTo("TOK"));
        assertThat(reports).extracting(Report::status).contains("IN_PROGRESS", "COMPLETED");
    }

    @Test
    void aTrainingPastItsTimeoutIsCancelledAtFalAndItsCostIsUnknown() {
        // Queued for 0.2 s, then running well past the call's 0.6 s.
        simulator.profile(Vendor.FAL, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofSeconds(2))));
        GenerationRequest training = training(List.of("https://example.com/sets/tok.zip"), null, Duration.ofMillis(600));

        GenerationResult result = adapter(false).generate(training).orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(result).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.failureClass()).isEqualTo(FailureClass.TIMEOUT);
            assertThat(failed.reason()).isEqualTo("no result within 600ms");
            assertThat(failed.cost()).as("ran part of a run: unknown, not zero").isNull();
        });
        String id = journal.requestId.get();
        URI resultUrl = simulator.baseUrl(Vendor.FAL).resolve("/fal-ai/flux-lora-fast-training/requests/" + id);
        await().atMost(Duration.ofSeconds(5)).until(() -> http.send(HttpRequest.newBuilder(resultUrl)
                .header("Authorization", "Key " + KEY).build()).join().statusCode() == 499);
        assertThat(meters.get("genpipe.worker.cost.unknown").tags("model", "fal-ai/flux-lora-fast-training").counter()
                .count()).isEqualTo(1);
    }

    @Test
    void sendsTheTimeLeftAsTheStartDeadlineAndAsksFalNotToRetryWhenGenpipeRetries() {
        GenerationRequest call = request(TestCatalog.flux(), Operation.TEXT_TO_IMAGE, JobInputs.NONE,
                ImageParams.defaults(), Duration.ofSeconds(20));

        assertThat(adapter(true).generate(call).join()).isInstanceOf(Generated.class);
        JsonNode retried = received(journal.requestId.get());
        assertThat(adapter(false).generate(call).join()).isInstanceOf(Generated.class);
        JsonNode notRetried = received(journal.requestId.get());

        assertThat(retried.get("no_retry").booleanValue()).isTrue();
        assertThat(retried.get("request_timeout_seconds").doubleValue()).isBetween(18.0, 20.0);
        assertThat(notRetried.get("no_retry").booleanValue()).isFalse();
        assertThat(notRetried.get("request_timeout_seconds").doubleValue()).isBetween(18.0, 20.0);
    }

    @Test
    void theFactoryAsksFalNotToRetryExactlyWhenTheProvidersRetriesAreOn() {
        FalAdapterFactory factory = new FalAdapterFactory(http, scheduler, new Billing(meters), files(),
                new ImageCopies(http, new LocalDirectoryImageStore(store)), new StandardEnvironment());
        GenerationRequest call = request(TestCatalog.flux(), Operation.TEXT_TO_IMAGE, JobInputs.NONE,
                ImageParams.defaults(), Duration.ofSeconds(20));

        factory.create(served(ProviderSettings.DEFAULTS)).generate(call).join();
        boolean byDefault = received(journal.requestId.get()).get("no_retry").booleanValue();
        factory.create(served(new ProviderSettings(null, new ProviderSettings.Retry(1, null, null))))
                .generate(call).join();
        boolean retriesOff = received(journal.requestId.get()).get("no_retry").booleanValue();

        assertThat(byDefault).as("3 attempts by default").isTrue();
        assertThat(retriesOff).isFalse();
    }

    @Test
    void aRequestFalCouldNotStartByItsDeadlineIsATimeout() {
        // fal's queue holds the request past the start deadline the adapter sent (one second, the least it sends).
        simulator.profile(Vendor.FAL, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofSeconds(30))));
        GenerationRequest call = request(TestCatalog.flux(), Operation.TEXT_TO_IMAGE, JobInputs.NONE,
                ImageParams.defaults(), Duration.ofMillis(1200));

        GenerationResult result = adapter(false).generate(call).orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(result).isEqualTo(Failed.of(FailureClass.TIMEOUT, "HTTP 504 not started within X-Fal-Request-Timeout"));
    }

    private GenerationRequest training(List<String> images, Integer steps, Duration timeout) {
        return request(TestCatalog.model("fal", "fal-ai/flux-lora-fast-training"), Operation.MODEL_TRAINING,
                JobInputs.training(images, new Training("tok-portraits", "TOK", steps)),
                new ImageParams(1024, 1024, 1, null, null), timeout);
    }

    private GenerationRequest request(CatalogModel model, Operation operation, JobInputs inputs, ImageParams params,
                                      Duration timeout) {
        Progress progress = (status, percent, message) -> reports.add(new Report(status, percent, message));
        return new GenerationRequest("job-" + operation.wireName(), 1, model, "a cat", params, timeout, 0, journal,
                operation, inputs, progress);
    }

    private FalAdapter adapter(boolean genpipeRetries) {
        return new FalAdapter("fal", simulator.baseUrl(Vendor.FAL), ApiKey.of("FAL_KEY", KEY),
                new FalOptions(Duration.ofMillis(20), Duration.ofMillis(20), 0, false), new Billing(meters), http, scheduler,
                files(), genpipeRetries);
    }

    private ServedProvider served(ProviderSettings settings) {
        CatalogProvider fal = TestCatalog.provider("fal");
        CatalogProvider local = new CatalogProvider(fal.name(), fal.adapter(), simulator.baseUrl(Vendor.FAL),
                fal.apiKeyEnv(), fal.limits(), fal.models());
        return new ServedProvider("fal", local, settings, ApiKey.of("FAL_KEY", KEY));
    }

    private InputFiles files() {
        return new InputFiles(store, http);
    }

    private String stored(String name, byte[] bytes) throws IOException {
        return Files.write(store.resolve(name), bytes).toUri().toString();
    }

    private static JsonNode received(String requestId) {
        URI uri = simulator.baseUrl(Vendor.FAL).resolve("/__simulator/requests/" + requestId);
        return VendorJson.parse(http.send(HttpRequest.newBuilder(uri).build()).join().body());
    }

    private static byte[] png() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", bytes);
        return bytes.toByteArray();
    }

    /** Remembers the last request id fal gave, so a test can look the request up at the simulator. */
    private static final class Journal implements CallJournal {

        final AtomicReference<String> requestId = new AtomicReference<>();
        final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public Optional<String> submittedRequest(int firstImage) {
            return Optional.empty();
        }

        @Override
        public boolean resumes(int firstImage) {
            return false;
        }

        @Override
        public void submitted(int firstImage, String id) {
            requestId.set(id);
            events.add("submitted " + firstImage + " " + id);
        }

        @Override
        public void calling(int firstImage) {
            events.add("calling " + firstImage);
        }
    }
}
