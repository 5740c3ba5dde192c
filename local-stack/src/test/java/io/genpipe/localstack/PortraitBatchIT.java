package io.genpipe.localstack;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static io.genpipe.localstack.TestPipeline.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/** The local run's demonstration, run as a test: 23 portraits through the whole pipeline. */
class PortraitBatchIT {

    private final TestPipeline pipeline = TestPipeline.shared();

    @Test
    void aBatchOf23CompletesWithCorrectStatistics() {
        String batchId = "portraits-" + UUID.randomUUID();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        BatchReport report = new PortraitDemo(pipeline.pipeline().ingressUrl(), pipeline.pipeline().sinkUrl(),
                pipeline.pipeline().tenantHttp(), new PrintStream(printed, true, StandardCharsets.UTF_8)).run(batchId, Duration.ofSeconds(120));

        assertThat(report.total()).isEqualTo(23);
        assertThat(report.succeeded()).isEqualTo(23);
        assertThat(report.failed()).isZero();
        HttpResponse<String> response = pipeline.getFromSink("/v1/batches/" + batchId);
        JsonNode batch = JSON.readTree(response.body());
        // The batch's figures agree with its jobs, one by one.
        BigDecimal jobsCost = BigDecimal.ZERO;
        int byProvider = 0;
        for (int n = 1; n <= 23; n++) {
            JsonNode job = JSON.readTree(pipeline.getFromSink("/v1/jobs/" + batchId + "-" + n).body());
            assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(job.path("batchId").asString()).isEqualTo(batchId);
            jobsCost = jobsCost.add(job.path("totalCostUsd").decimalValue());
        }
        for (JsonNode share : batch.path("byProvider")) {
            byProvider += share.path("succeeded").asInt();
        }
        assertThat(batch.path("totalCostUsd").decimalValue()).isEqualByComparingTo(jobsCost);
        assertThat(jobsCost).isPositive();
        assertThat(byProvider).isEqualTo(23);
        assertThat(batch.path("averageDurationMs").asDouble()).isPositive();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("23/23 succeeded · total $");
    }
}
