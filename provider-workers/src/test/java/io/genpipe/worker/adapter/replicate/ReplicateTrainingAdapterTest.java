package io.genpipe.worker.adapter.replicate;

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
import io.genpipe.simulator.image.PlaceholderImages;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Replicate adapter's trainings against the vendor simulator's trainings and files API. */
class ReplicateTrainingAdapterTest {

    private static final String KEY = "r8_test-key-7c1d";
    private static final Clock DEC_1_2026 = Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);
    private static final ReplicateOptions FAST_POLLS = new ReplicateOptions(null, Duration.ofMillis(50),
            Duration.ofMillis(100), 0, false);
    private static final String SET = "https://datasets.example.com/dog/set.zip";

    private static VendorSimulator simulator;
    private static HttpClient client;
    private static VendorHttp http;
    private static ExecutorService callbacks;
    private static ScheduledExecutorService scheduler;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @TempDir
    Path store;

    @BeforeAll
    static void start() {
        simulator = VendorSimulator.start(SimulatorSettings.defaults());
        callbacks = Executors.newFixedThreadPool(2);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        http = new VendorHttp(client, callbacks);
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
    void uploadedImagesTrainToLoraWeightsReportingProgressAndBilledPerSecond() throws IOException {
        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofSeconds(2))));
        Journal journal = new Journal();
        List<Report> reports = new CopyOnWriteArrayList<>();

        GenerationResult result = adapter().generate(training(List.of(stored("a.png"), stored("b.png")),
                new Training("dog-lora", "TOK", 500), Duration.ofSeconds(20), journal,
                (status, percent, message) -> reports.add(new Report(status, percent, message))))
                .orTimeout(15, TimeUnit.SECONDS).join();

        assertThat(result).isInstanceOf(Generated.class);
        TrainedModel trained = ((Generated) result).trainedModel();
        assertThat(trained.kind()).isEqualTo(TrainedModel.Kind.LORA_WEIGHTS);
        assertThat(trained.reference()).startsWith(origin() + "/delivery/").endsWith("/trained_model.tar");
        assertThat(trained.triggerWord()).isEqualTo("TOK");
        assertThat(((Generated) result).images()).isEmpty();
        assertThat(result.cost()).isEqualTo(Usd.of("0.002745")); // 1.8 s of predict time x $0.001525
        JsonNode atReplicate = replicate("/trainings/" + journal.submitted.get(0));
        assertThat(atReplicate.at("/input/input_images").stringValue()).startsWith(origin() + "/v1/files/");
        assertThat(atReplicate.get("destination")).as("the body's destination is not echoed").isNull();
        assertThat(atReplicate.at("/output/version").stringValue()).startsWith("genpipe/dog-lora:");
        assertThat(atReplicate.at("/input/steps").intValue()).isEqualTo(500);
        assertThat(meters.get(ReplicateTraining.UPLOADS).tags("provider", "replicate", "outcome", "uploaded")
                .summary().count()).isEqualTo(1);
        // Progress as the logs grew: percentages from the progress bar that never go back, and the last log line.
        List<Report> processing = reports.stream().filter(report -> report.status().equals("processing")).toList();
        assertThat(processing).isNotEmpty();
        assertThat(processing).extracting(Report::percent).isSortedAccordingTo(Integer::compare);
        assertThat(processing).anySatisfy(report -> assertThat(report.percent()).isBetween(1, 99));
        assertThat(processing.get(processing.size() - 1).message()).startsWith("flux_train_replicate:");
        assertThat(reports.get(reports.size() - 1)).isEqualTo(new Report("succeeded", 100,
                "Saved LoRA weights to output/trained_model.tar"));
    }

    @Test
    void anArchiveUrlGoesAsItIsAndAFailedTrainingIsBilledItsTime() {
        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withErrorRate(1.0)
                .withLatency(LatencyProfile.fixed(Duration.ofMillis(500))));
        Journal journal = new Journal();

        GenerationResult result = adapter().generate(training(List.of(SET), new Training("dog", "TOK", null),
                Duration.ofSeconds(10), journal, Progress.NONE)).orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(result).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.failureClass()).isEqualTo(FailureClass.RETRYABLE);
            assertThat(failed.reason()).startsWith("training failed: trainer");
            assertThat(failed.cost()).isEqualTo(Usd.of("0.00068625")); // 0.45 s x $0.001525
        });
        JsonNode atReplicate = replicate("/trainings/" + journal.submitted.get(0));
        assertThat(atReplicate.at("/input/input_images").stringValue()).isEqualTo(SET);
        assertThat(atReplicate.at("/input").has("steps")).as("the trainer's default").isFalse();
        assertThat(meters.find(ReplicateTraining.UPLOADS).summary()).isNull();
    }

    @Test
    void pastTheTimeLimitTheTrainingIsCanceledAndBilledWhatItRan() {
        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofSeconds(5))));
        Journal journal = new Journal();

        GenerationResult result = adapter().generate(training(List.of(SET), new Training("dog", "TOK", null),
                Duration.ofMillis(1500), journal, Progress.NONE)).orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(result).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.failureClass()).isEqualTo(FailureClass.TIMEOUT);
            assertThat(failed.reason()).isEqualTo("no result within 1500ms");
            assertThat(failed.cost()).as("about a second of predict time").isNotNull()
                    .isGreaterThan(Usd.ZERO).isLessThan(Usd.of("0.0031"));
        });
        assertThat(replicate("/trainings/" + journal.submitted.get(0)).get("status").stringValue())
                .isEqualTo("canceled");
        assertThat(meters.get(ReplicateTraining.CANCELS).tags("provider", "replicate", "operation", "model-training")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void anEmptyAccountIsCreditExhausted() {
        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withCreditExhausted(true));

        assertThat(adapter().generate(training(List.of(SET), new Training("dog", "TOK", null), Duration.ofSeconds(5),
                new Journal(), Progress.NONE)).join())
                .isEqualTo(Failed.of(FailureClass.CREDIT_EXHAUSTED, "HTTP 402 insufficient credit"));
    }

    @Test
    void aTrainingJournaledBeforeACrashIsFollowedNotStartedAgain() {
        simulator.profile(Vendor.REPLICATE, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofMillis(600))));
        Journal first = new Journal();
        adapter().generate(training(List.of(SET), new Training("dog", "TOK", null), Duration.ofSeconds(10), first,
                Progress.NONE)).orTimeout(10, TimeUnit.SECONDS).join();
        long creates = simulator.requestCount(Vendor.REPLICATE);
        Journal replacement = new Journal();
        replacement.resume = first.submitted.get(0);

        GenerationResult resumed = adapter().generate(training(List.of(SET), new Training("dog", "TOK", null),
                Duration.ofSeconds(10), replacement, Progress.NONE)).orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(resumed).isInstanceOf(Generated.class);
        assertThat(simulator.requestCount(Vendor.REPLICATE)).isEqualTo(creates);
    }

    @Test
    void aSetTheStoreCannotReadIsAnInvalidRequestAndNothingIsCalled() {
        long creates = simulator.requestCount(Vendor.REPLICATE);

        GenerationResult result = adapter().generate(training(List.of(store.resolve("missing.png").toUri().toString()),
                new Training("dog", "TOK", null), Duration.ofSeconds(5), new Journal(), Progress.NONE)).join();

        assertThat(result).isEqualTo(Failed.of(FailureClass.INVALID_REQUEST,
                "input image missing.png is not in the image store"));
        assertThat(simulator.requestCount(Vendor.REPLICATE)).isEqualTo(creates);
    }

    @Test
    void aTrainerWithoutItsOptionsIsAMisconfiguredProvider() {
        CatalogModel bare = TestCatalog.withOptions(trainer(), Map.of());

        GenerationResult result = adapter().generate(new GenerationRequest("job-t", 1, bare, "TOK",
                ImageParams.defaults(), Duration.ofSeconds(5), 0, CallJournal.NONE, Operation.MODEL_TRAINING,
                JobInputs.training(List.of(SET), new Training("dog", "TOK", null)), Progress.NONE)).join();

        assertThat(result.getClass()).isEqualTo(Failed.class);
        assertThat(((Failed) result).failureClass()).isEqualTo(FailureClass.AUTH_FAILED);
    }

    @Test
    void logsGiveThePercentAndTheLastLine() {
        assertThat(ReplicateTraining.percent("flux_train_replicate:  10%|#  | 100/1000\nflux_train_replicate:  "
                + "40%|#### | 400/1000\n")).isEqualTo(40);
        assertThat(ReplicateTraining.percent("step 30/120")).isEqualTo(25);
        assertThat(ReplicateTraining.percent("Loading training images")).isNull();
        assertThat(ReplicateTraining.lastLine("a\n  b  \n\n")).isEqualTo("b");
        assertThat(ReplicateTraining.lastLine("")).isNull();
    }

    private String stored(String name) throws IOException {
        Path file = store.resolve(name);
        Files.write(file, new PlaceholderImages().png(0x55aa33));
        return file.toUri().toString();
    }

    private ReplicateAdapter adapter() {
        return new ReplicateAdapter("replicate", simulator.baseUrl(Vendor.REPLICATE),
                ApiKey.of("REPLICATE_API_TOKEN", KEY), FAST_POLLS, new Billing(meters), http, scheduler, DEC_1_2026,
                new InputFiles(store, http), meters);
    }

    private static CatalogModel trainer() {
        return TestCatalog.model("replicate", "ostris/flux-dev-lora-trainer");
    }

    static GenerationRequest training(List<String> images, Training training, Duration timeout, CallJournal journal,
                                      Progress progress) {
        return new GenerationRequest("job-train", 1, trainer(), training.triggerWord(), ImageParams.defaults(), timeout,
                0, journal, Operation.MODEL_TRAINING, JobInputs.training(images, training), progress);
    }

    private static String origin() {
        String base = simulator.baseUrl(Vendor.REPLICATE).toString();
        return base.substring(0, base.length() - "/v1".length());
    }

    private static JsonNode replicate(String path) {
        return VendorJson.parse(http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl(Vendor.REPLICATE) + path))
                .header("Authorization", "Bearer " + KEY).build()).join().body());
    }

    private record Report(String status, Integer percent, String message) {
    }

    private static final class Journal implements CallJournal {

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
