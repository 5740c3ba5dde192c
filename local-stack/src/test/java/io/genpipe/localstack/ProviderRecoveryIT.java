package io.genpipe.localstack;

import io.genpipe.infra.test.TestInfrastructure;
import io.genpipe.simulator.Vendor;
import io.genpipe.simulator.VendorProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.UUID;

import static io.genpipe.localstack.TestPipeline.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A provider that fails stops receiving work, and receives it again once it recovers, without a restart:
 * the worker's circuit opens and it reports the provider DOWN, the router skips it; the circuit probes, the
 * provider answers, and jobs go back to it.
 */
class ProviderRecoveryIT {

    private final TestPipeline pipeline = TestPipeline.shared();

    @AfterEach
    void falHealthyAgain() {
        TestInfrastructure.shared().simulator().profile(Vendor.FAL, VendorProfile.healthy());
        // Leave fal's circuit closed for the tests after this one.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            submitAndFinish();
            assertThat(falCircuit()).isEqualTo("UP");
        });
    }

    @Test
    void aFailingProviderIsSkippedAndUsedAgainOnceItRecovers() {
        TestInfrastructure.shared().simulator().profile(Vendor.FAL, VendorProfile.healthy().withOutage(true));

        // Jobs fall back to OpenAI until fal's circuit opens and the router no longer even tries fal. (A job may go
        // straight to OpenAI before that, while the router still cools fal down from an earlier test's failures.)
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode job = submitAndFinish();
            assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(job.path("attempts")).hasSize(1);
            assertThat(job.path("provider").asString()).isEqualTo("openai");
            assertThat(falCircuit()).isIn("DOWN", "PROBING");
        });

        TestInfrastructure.shared().simulator().profile(Vendor.FAL, VendorProfile.healthy());

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode job = submitAndFinish();
            assertThat(job.path("provider").asString()).isEqualTo("fal");
            assertThat(job.path("attempts")).hasSize(1);
        });
    }

    private JsonNode submitAndFinish() {
        String jobId = "recovery-" + UUID.randomUUID();
        assertThat(pipeline.post("/v1/jobs", "{\"jobId\":\"" + jobId + "\",\"prompt\":\"a red kite\"}").statusCode())
                .isEqualTo(202);
        return pipeline.awaitFinishedJob(jobId, Duration.ofSeconds(30));
    }

    /** fal's circuit as the workers' health endpoint shows it: UP, PROBING or DOWN. */
    private String falCircuit() {
        JsonNode health = JSON.readTree(pipeline.getFromWorkers("/actuator/health").body());
        return health.path("components").path("providers").path("details").path("fal").asString();
    }
}
