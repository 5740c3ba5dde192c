package io.genpipe.worker.adapter.openai;

import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.contracts.event.JobInputs;
import io.genpipe.contracts.event.Operation;
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
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAI adapter's image edits against the vendor simulator's {@code POST /v1/images/edits}. */
class OpenAiEditAdapterTest {

    private static final PlaceholderImages PICTURES = new PlaceholderImages();

    private static VendorSimulator simulator;
    private static VendorHttp http;
    private static ExecutorService callbacks;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    /** The image store's directory, which is also where uploaded inputs are read from. */
    @TempDir
    Path store;

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
    void anEditOfAnHttpsImageIsStoredAndBilledWithItsImageInputTokens() throws IOException {
        GenerationResult result = adapter().generate(edit("job-edit", "add a red hat",
                new ImageParams(1024, 1024, 1, null, null), List.of("https://images.example.com/cat.png"), null))
                .join();

        assertThat(result).isInstanceOf(Generated.class);
        ImageRef image = ((Generated) result).images().get(0);
        Path file = Path.of(URI.create(image.uri()));
        assertThat(file).isEqualTo(store.resolve("job-edit").resolve("1-0.png").toAbsolutePath());
        assertThat(ImageIO.read(file.toFile()).getWidth()).isEqualTo(1024);
        // 4 prompt tokens at $5/M + 765 image-input tokens (a 1024x1024 image the simulator does not fetch) at $8/M
        // + 272 low-quality output tokens at $30/M
        assertThat(result.cost()).isEqualTo(Usd.of("0.0143"));
        assertThat(meters.get(OpenAiAdapter.INPUT_IMAGES).tags("provider", "openai", "sent-as", "url").counter()
                .count()).isEqualTo(1);
    }

    @Test
    void aStoredUploadAndItsMaskGoAsDataUrlsAndASizeTheEndpointLacksAsAuto() throws IOException {
        String upload = stored("uploads/cat.png", 96, 64);
        String mask = stored("uploads/cat-mask.png", 96, 64);

        GenerationResult result = adapter().generate(edit("job-upload", "give it a hat",
                new ImageParams(1536, 864, 1, null, null), List.of(upload), mask)).join();

        // The simulator saw the bytes: auto took the 96x64 upload's size, and counted its tiles.
        assertThat(result).isInstanceOf(Generated.class);
        ImageRef image = ((Generated) result).images().get(0);
        assertThat(image.width()).isEqualTo(96);
        assertThat(image.height()).isEqualTo(64);
        BufferedImage written = ImageIO.read(Path.of(URI.create(image.uri())).toFile());
        assertThat(written.getWidth()).isEqualTo(96);
        // 4 prompt tokens + 255 image-input tokens (one tile; the mask is not counted) + 2 output tokens
        assertThat(result.cost()).isEqualTo(Usd.of("0.00212"));
        assertThat(meters.get(OpenAiAdapter.INPUT_IMAGES).tags("provider", "openai", "sent-as", "data-uri").counter()
                .count()).isEqualTo(1);
    }

    @Test
    void aModeratedEditIsContentRejected() {
        assertThat(adapter().generate(edit("job-unsafe", "a hat [unsafe]", ImageParams.defaults(),
                List.of("https://images.example.com/cat.png"), null)).join())
                .isEqualTo(Failed.of(FailureClass.CONTENT_REJECTED, "HTTP 400 moderation_blocked"));
        assertThat(store.resolve("job-unsafe")).doesNotExist();
    }

    @Test
    void anExhaustedQuotaIsCreditExhausted() {
        simulator.profile(Vendor.OPENAI, VendorProfile.healthy().withCreditExhausted(true));

        assertThat(adapter().generate(edit("job-quota", "a hat", ImageParams.defaults(),
                List.of("https://images.example.com/cat.png"), null)).join())
                .isEqualTo(Failed.of(FailureClass.CREDIT_EXHAUSTED, "HTTP 429 insufficient_quota"));
    }

    @Test
    void aRateLimitedEditIsRateLimitedWithoutAWaitWhenNoneIsStated() {
        simulator.profile(Vendor.OPENAI, VendorProfile.healthy().withRateLimitRate(1.0));

        GenerationResult result = adapter().generate(anEdit("job-limit")).join();

        assertThat(result).isEqualTo(Failed.of(FailureClass.RATE_LIMITED, "HTTP 429 rate_limit_exceeded"));
        assertThat(((Failed) result).statedWait()).isEmpty();
    }

    @Test
    void aRateLimitedEditCarriesTheWaitOpenAiStated() {
        simulator.profile(Vendor.OPENAI, VendorProfile.healthy().withRateLimitRate(1.0)
                .withRetryAfter(Duration.ofMillis(1500)));

        // retry-after-ms (1500) is read before Retry-After, which rounds it up to 2 s.
        assertThat(adapter().generate(anEdit("job-limit-wait")).join()).isEqualTo(Failed.of(FailureClass.RATE_LIMITED,
                "HTTP 429 rate_limit_exceeded").withRetryAdvice(Duration.ofMillis(1500), false));
    }

    @Test
    void anOutageOrAServerErrorDuringAnEditIsRetryable() {
        simulator.profile(Vendor.OPENAI, VendorProfile.outageProfile());
        assertThat(adapter().generate(anEdit("job-down")).join())
                .isEqualTo(Failed.of(FailureClass.RETRYABLE, "HTTP 503 server_error"));

        simulator.profile(Vendor.OPENAI, VendorProfile.healthy().withErrorRate(1.0));
        assertThat(adapter().generate(anEdit("job-500")).join())
                .isEqualTo(Failed.of(FailureClass.RETRYABLE, "HTTP 500 server_error"));
        assertThat(store.resolve("job-down")).doesNotExist();
        assertThat(store.resolve("job-500")).doesNotExist();
    }

    @Test
    void aSlowEditTimesOut() {
        simulator.profile(Vendor.OPENAI, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofSeconds(10))));
        GenerationRequest slow = anEdit("job-slow").withTimeout(Duration.ofMillis(300));

        assertThat(adapter().generate(slow).join()).isEqualTo(Failed.of(FailureClass.TIMEOUT, "no result within 300ms"));
    }

    @Test
    void anEditWithARejectedKeyIsAuthFailedAndTheKeyAppearsNowhere() {
        try (VendorSimulator strict = VendorSimulator.start(SimulatorSettings.defaults()
                .withKey(Vendor.OPENAI, "sk-the-right-key"))) {
            OpenAiAdapter wrongKey = new OpenAiAdapter("openai", strict.baseUrl(Vendor.OPENAI),
                    ApiKey.of("OPENAI_API_KEY", "sk-wrong-key-5d2a"), OpenAiOptions.DEFAULTS, new Billing(meters), http,
                    new LocalDirectoryImageStore(store), new InputFiles(store, http), meters);

            GenerationResult result = wrongKey.generate(anEdit("job-key")).join();

            assertThat(result).isEqualTo(Failed.of(FailureClass.AUTH_FAILED,
                    "HTTP 401 invalid_api_key: provider key rejected"));
            assertThat(result.toString()).doesNotContain("sk-wrong-key-5d2a");
        }
        assertThat(store.resolve("job-key")).doesNotExist();
    }

    @Test
    void anInputTheStoreCannotReadIsAnInvalidRequestAndNoCallIsMade() throws IOException {
        long before = simulator.requestCount(Vendor.OPENAI);
        String missing = store.resolve("uploads/gone.png").toUri().toString();
        Path outside = Files.createTempFile("outside-the-store", ".png");
        try {
            assertThat(adapter().generate(edit("job-missing", "a hat", ImageParams.defaults(), List.of(missing), null))
                    .join()).isEqualTo(Failed.of(FailureClass.INVALID_REQUEST,
                    "input image gone.png is not in the image store"));
            assertThat(adapter().generate(edit("job-outside", "a hat", ImageParams.defaults(),
                    List.of("https://images.example.com/cat.png"), outside.toUri().toString())).join())
                    .isEqualTo(Failed.of(FailureClass.INVALID_REQUEST, "input image is outside the image store"));
        } finally {
            Files.delete(outside);
        }
        assertThat(simulator.requestCount(Vendor.OPENAI)).isEqualTo(before);
    }

    @Test
    void aTrainingIsRefusedWithoutACall() {
        long before = simulator.requestCount(Vendor.OPENAI);
        GenerationRequest training = edit("job-train", "TOK", ImageParams.defaults(),
                List.of("https://images.example.com/set.zip"), null)
                .withInputs(Operation.MODEL_TRAINING, JobInputs.NONE);

        assertThat(adapter().generate(training).join())
                .isEqualTo(Failed.of(FailureClass.INVALID_REQUEST, "OpenAI's images API trains no models"));
        assertThat(simulator.requestCount(Vendor.OPENAI)).isEqualTo(before);
    }

    private String stored(String name, int width, int height) throws IOException {
        Path file = store.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, PICTURES.png(0x884422, width, height));
        return file.toUri().toString();
    }

    private OpenAiAdapter adapter() {
        return new OpenAiAdapter("openai", simulator.baseUrl(Vendor.OPENAI), ApiKey.of("OPENAI_API_KEY", "sk-test"),
                OpenAiOptions.DEFAULTS, new Billing(meters), http, new LocalDirectoryImageStore(store),
                new InputFiles(store, http), meters);
    }

    private static GenerationRequest anEdit(String jobId) {
        return edit(jobId, "add a red hat", ImageParams.defaults(), List.of("https://images.example.com/cat.png"), null);
    }

    static GenerationRequest edit(String jobId, String prompt, ImageParams params, List<String> images, String mask) {
        return new GenerationRequest(jobId, 1, TestCatalog.gptImage2(), prompt, params, Duration.ofSeconds(20), 0,
                CallJournal.NONE, Operation.IMAGE_EDIT, JobInputs.edit(images, mask), Progress.NONE);
    }
}
