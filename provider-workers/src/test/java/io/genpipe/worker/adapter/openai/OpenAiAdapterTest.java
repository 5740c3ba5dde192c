package io.genpipe.worker.adapter.openai;

import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.ImageRef;
import io.genpipe.simulator.LatencyProfile;
import io.genpipe.simulator.SimulatorSettings;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import io.genpipe.simulator.VendorSimulator;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.GenerationResult;
import io.genpipe.worker.adapter.GenerationResult.Failed;
import io.genpipe.worker.adapter.GenerationResult.Generated;
import io.genpipe.worker.adapter.VendorHttp;
import io.genpipe.worker.image.LocalDirectoryImageStore;
import io.genpipe.worker.provider.ApiKey;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAI adapter against the vendor simulator's images API. */
class OpenAiAdapterTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static VendorSimulator simulator;
    private static VendorHttp http;
    private static ExecutorService callbacks;

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
    void writesTheImagesToTheStoreAndCostsTheReportedUsage() throws Exception {
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
        // 6 prompt tokens at $5/M + 2 x 272 low-quality output tokens at $40/M
        assertThat(generated.costUsd()).isEqualByComparingTo("0.02179");
    }

    @Test
    void asksForTheSupportedSizeNearestTheRequestedAspectRatio() {
        Generated generated = (Generated) adapter().generate(request("job-wide", "a wide valley",
                new ImageParams(1920, 1080, 1, null, null))).join();

        assertThat(generated.images().get(0).width()).isEqualTo(1536);
        assertThat(generated.images().get(0).height()).isEqualTo(1024);
        // 3 prompt tokens + 400 output tokens (low, 1536x1024)
        assertThat(generated.costUsd()).isEqualByComparingTo("0.016015");
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
    void aRetiredModelIsAnInvalidRequest() {
        GenerationRequest request = new GenerationRequest("job-dalle", 1, "dall-e-3", "a cat", ImageParams.defaults(),
                Duration.ofSeconds(10));

        assertThat(adapter().generate(request).join())
                .isEqualTo(Failed.of(FailureClass.INVALID_REQUEST, "HTTP 400 model_not_found"));
    }

    @Test
    void aSlowAnswerTimesOut() {
        simulator.profile(Vendor.OPENAI, VendorProfile.healthy().withLatency(LatencyProfile.fixed(Duration.ofSeconds(10))));
        GenerationRequest request = new GenerationRequest("job-slow", 1, "gpt-image-1", "a cat", ImageParams.defaults(),
                Duration.ofMillis(300));

        assertThat(adapter().generate(request).join())
                .isEqualTo(Failed.of(FailureClass.TIMEOUT, "no result within 300ms"));
    }

    @Test
    void sendsTheRequestInOpenAisParameterNames() {
        String body = OpenAiAdapter.body(request("job-1", "a cat", new ImageParams(1024, 1536, 2, 5L, "dark")),
                OpenAiSizes.PORTRAIT, "low");

        assertThat(body).isEqualTo("{\"model\":\"gpt-image-1\",\"prompt\":\"a cat\",\"n\":2,\"size\":\"1024x1536\","
                + "\"quality\":\"low\",\"output_format\":\"png\"}");
    }

    private OpenAiAdapter adapter() {
        return new OpenAiAdapter(simulator.openAiBaseUrl(), ApiKey.of("OPENAI_API_KEY", "sk-test"),
                OpenAiPricing.defaults(), "low", http, new LocalDirectoryImageStore(images));
    }

    private static GenerationRequest request(String jobId, String prompt, ImageParams params) {
        return new GenerationRequest(jobId, 1, "gpt-image-1", prompt, params, Duration.ofSeconds(20));
    }
}
