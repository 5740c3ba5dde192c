package io.genpipe.contracts.json;

import io.genpipe.contracts.EventFixtures;
import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptFailed;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.AttemptSucceeded;
import io.genpipe.contracts.event.FailureClass;
import io.genpipe.contracts.event.HealthState;
import io.genpipe.contracts.event.JobFailed;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.JobSucceeded;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.contracts.event.VendorCall;
import io.genpipe.contracts.json.MessageFormatException.Problem;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static io.genpipe.contracts.EventFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonSerdeTest {

    private final JsonSerde serde = JsonSerde.instance();

    @Test
    void everyEventSurvivesARoundTrip() {
        AttemptDispatched dispatched = EventFixtures.firstAttempt();
        AttemptSucceeded succeeded = dispatched.succeeded(List.of(EventFixtures.image()), new BigDecimal("0.006"), 812, NOW);
        AttemptFailed failed = dispatched.failed(FailureClass.RATE_LIMITED, "HTTP 429", BigDecimal.ZERO, 40, NOW);
        JobSucceeded jobSucceeded = new JobSucceeded(1, "e-1", "portrait-0001", NOW, "studio-north", "portraits", NOW,
                "fal", "fal-ai/flux/schnell", List.of(EventFixtures.image()), succeeded.history(), null);
        JobFailed jobFailed = new JobFailed(1, "e-2", "portrait-0001", NOW, "studio-north", null, NOW,
                FailureClass.CONTENT_REJECTED, "content_policy_violation", failed.history(), null);

        JobRequested job = EventFixtures.portraitJob();
        assertThat(serde.read(serde.write(job), JobRequested.class)).isEqualTo(job);
        assertThat(serde.read(serde.write(dispatched), AttemptDispatched.class)).isEqualTo(dispatched);
        assertThat(serde.read(serde.write(succeeded), AttemptResult.class)).isEqualTo(succeeded);
        assertThat(serde.read(serde.write(failed), AttemptResult.class)).isEqualTo(failed);
        assertThat(serde.read(serde.write(jobSucceeded), JobOutcome.class)).isEqualTo(jobSucceeded);
        assertThat(serde.read(serde.write(jobFailed), JobOutcome.class)).isEqualTo(jobFailed);
        ProviderHealth health = EventFixtures.health(HealthState.DOWN);
        assertThat(serde.read(serde.write(health), ProviderHealth.class)).isEqualTo(health);
    }

    @Test
    void variantsNameTheirTypeOnTheWire() {
        AttemptFailed failed = EventFixtures.firstAttempt().failed(FailureClass.TIMEOUT, "no answer", null, 30_000, NOW);

        assertThat(serde.writeString(failed)).contains("\"type\":\"AttemptFailed\"").contains("\"failureClass\":\"TIMEOUT\"");
    }

    @Test
    void moneyIsWrittenAsAnExactDecimal() {
        AttemptSucceeded succeeded = EventFixtures.firstAttempt()
                .succeeded(List.of(), new BigDecimal("0.00314573"), 1, NOW);

        assertThat(serde.writeString(succeeded)).contains("\"costUsd\":0.00314573");
        assertThat(serde.read(serde.write(succeeded), AttemptResult.class).costUsd()).isEqualByComparingTo("0.00314573");
    }

    @Test
    void fieldsItDoesNotKnowAreIgnored() {
        String json = minimalJob().replace("{", "{\"addedInVersion7\":{\"nested\":[1,2]},");

        JobRequested job = serde.read(json, JobRequested.class);

        assertThat(job.prompt()).isEqualTo("A lighthouse at dawn");
        assertThat(job.tenantId()).isEqualTo(JobRequested.DEFAULT_TENANT);
        assertThat(job.params().width()).isEqualTo(1024);
        assertThat(job.params().count()).isEqualTo(1);
    }

    @Test
    void aMissingPromptIsNamed() {
        String json = minimalJob().replace(",\"prompt\":\"A lighthouse at dawn\"", "");

        assertThatThrownBy(() -> serde.read(json, JobRequested.class))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.MISSING_FIELD);
                    assertThat(e.field()).isEqualTo("prompt");
                });
    }

    @Test
    void aBadNestedValueIsNamedWithItsPath() {
        String json = minimalJob().replace("{", "{\"params\":{\"width\":0},");

        assertThatThrownBy(() -> serde.read(json, JobRequested.class))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.INVALID_VALUE);
                    assertThat(e.field()).isEqualTo("params.width");
                    assertThat(e.getMessage()).contains("at least 1");
                });
    }

    @Test
    void aMessageOfANewerSchemaVersionIsRefusedNamingBothVersions() {
        String json = minimalJob().replace("\"schemaVersion\":1", "\"schemaVersion\":99");

        assertThatThrownBy(() -> serde.read(json, JobRequested.class))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> {
                    assertThat(e.field()).isEqualTo("schemaVersion");
                    assertThat(e.reason()).contains("99").contains("newer than this reader knows (1)");
                });
    }

    @Test
    void aTinyCostIsWrittenAsAPlainNumber() {
        AttemptFailed failed = EventFixtures.firstAttempt().failed(FailureClass.RETRYABLE, "HTTP 503",
                new BigDecimal("0.00000005"), 10, NOW);

        assertThat(serde.writeString(failed)).contains("\"costUsd\":0.00000005");
    }

    @Test
    void lostCallsTravelWithTheResultAndNoneIsLeftOut() {
        AttemptSucceeded succeeded = EventFixtures.firstAttempt().succeeded(List.of(EventFixtures.image()),
                new BigDecimal("0.04"), 8_000, NOW);

        AttemptResult lost = serde.read(serde.write(succeeded.withLostCalls(2, new BigDecimal("0.08"))),
                AttemptResult.class);

        assertThat(lost.lostCalls()).isEqualTo(2);
        assertThat(lost.lostCallsCostUsd()).isEqualByComparingTo("0.08");
        assertThat(lost.eventId()).as("the same event, saying more").isEqualTo(succeeded.eventId());
        assertThat(serde.read(serde.write(succeeded.withLostCalls(1, null)), AttemptResult.class).lostCallsCostUsd())
                .as("a lost call whose price cannot tell in advance is unknown, not zero").isNull();
        assertThat(serde.writeString(succeeded.withLostCalls(0, new BigDecimal("0.04"))))
                .doesNotContain("lostCalls").as("no expected cost without a lost call");
        assertThat(succeeded.withLostCalls(0, null)).isEqualTo(succeeded);
    }

    @Test
    void vendorCallsTravelWithTheResultAndAResultWithoutThemSaysNothing() {
        AttemptFailed failed = EventFixtures.firstAttempt().failed(FailureClass.RETRYABLE, "HTTP 503", null, 10, NOW);
        VendorCall call = new VendorCall(VendorCall.id(failed.jobId(), 1, 0), 0, "req-1", "worker-1", NOW,
                VendorCall.Outcome.UNANSWERED, null);

        AttemptResult read = serde.read(serde.write(failed.withCalls(List.of(call))), AttemptResult.class);

        assertThat(read.calls()).containsExactly(call);
        assertThat(serde.writeString(failed)).doesNotContain("calls");
        assertThat(serde.read(serde.write(failed), AttemptResult.class).calls()).isEmpty();
        assertThatThrownBy(() -> serde.read(serde.writeString(failed.withCalls(List.of(call)))
                .replace("\"UNANSWERED\"", "\"MAYBE\""), AttemptResult.class))
                .isInstanceOf(MessageFormatException.class);
    }

    @Test
    void anUnknownCostIsNotZero() {
        AttemptFailed failed = EventFixtures.firstAttempt().failed(FailureClass.RETRYABLE, "HTTP 503", null, 10, NOW);

        AttemptResult read = serde.read(serde.write(failed), AttemptResult.class);

        assertThat(read.costUsd()).isNull();
        assertThat(read.summary().costKnown()).isFalse();
    }

    @Test
    void aValueOfTheWrongShapeIsNamed() {
        String json = minimalJob().replace("\"operation\":\"text-to-image\"", "\"operation\":\"text-to-sound\"");

        assertThatThrownBy(() -> serde.read(json, JobRequested.class))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> {
                    assertThat(e.field()).isEqualTo("operation");
                    assertThat(e.reason()).isEqualTo("must be one of [text-to-image, image-edit, model-training], was \"text-to-sound\"");
                });
    }

    @Test
    void aNumberIsNotTakenForAString() {
        assertRefusedInJsonTerms(minimalJob().replace("\"prompt\":\"A lighthouse at dawn\"", "\"prompt\":123"),
                "prompt", "must be a string");
    }

    @Test
    void aStringIsNotTakenForADecimalNorAStringOrNumberForAFlag() {
        assertRefusedInJsonTerms(minimalJob().replace("{", "{\"routing\":{\"maxCostPerImageUsd\":\"0.04\"},"),
                "routing.maxCostPerImageUsd", "must be a number");
        assertRefusedInJsonTerms(minimalJob().replace("{", "{\"routing\":{\"fallback\":\"true\"},"),
                "routing.fallback", "must be true or false");
        assertRefusedInJsonTerms(minimalJob().replace("{", "{\"routing\":{\"fallback\":1},"),
                "routing.fallback", "must be true or false");
    }

    @Test
    void aNumberIsNotTakenForAnEnumsName() {
        assertRefusedInJsonTerms(minimalJob().replace("{", "{\"routing\":{\"quality\":1},"),
                "routing.quality", "must be one of");
    }

    @Test
    void aNumberBeyondItsFieldsRangeIsNamed() {
        assertRefusedInJsonTerms(minimalJob().replace("{", "{\"params\":{\"width\":99999999999},"),
                "params.width", "is out of range for an integer, was 99999999999");
    }

    @Test
    void aNumberLeftOutIsMissingNotOfTheWrongType() {
        String json = minimalJob().replaceFirst("\"schemaVersion\":1,", "");

        assertThatThrownBy(() -> serde.read(json, JobRequested.class))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.MISSING_FIELD);
                    assertThat(e.field()).isEqualTo("schemaVersion");
                    assertThat(e.getMessage()).isEqualTo("schemaVersion: is required");
                });
    }

    @Test
    void aFractionIsNotTakenForAnInteger() {
        assertRefusedInJsonTerms(minimalJob().replace("{", "{\"params\":{\"width\":1.5},"), "params.width",
                "must be an integer");
    }

    @Test
    void aStringIsNotTakenForAnInteger() {
        assertRefusedInJsonTerms(minimalJob().replace("{", "{\"params\":{\"count\":\"2\"},"), "params.count",
                "must be an integer");
    }

    @Test
    void aBodyOfTheWrongShapeIsNamedInJsonsTermsNotJavas() {
        assertThatThrownBy(() -> serde.read("[1, 2]", JobRequested.class))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> {
                    assertThat(e.field()).isNull();
                    assertThat(e.getMessage()).isEqualTo("must be an object").doesNotContain("io.genpipe");
                });
    }

    private void assertRefusedInJsonTerms(String json, String field, String reason) {
        assertThatThrownBy(() -> serde.read(json, JobRequested.class))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.reason()).startsWith(reason).doesNotContain("java.").doesNotContain("`");
                });
    }

    @Test
    void anUnknownVariantIsNamed() {
        String json = serde.writeString(EventFixtures.firstAttempt().failed(FailureClass.TIMEOUT, "x", null, 1, NOW))
                .replace("\"type\":\"AttemptFailed\"", "\"type\":\"AttemptExploded\"");

        assertThatThrownBy(() -> serde.read(json, AttemptResult.class))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.UNKNOWN_TYPE);
                    assertThat(e.field()).isEqualTo("type");
                    assertThat(e.getMessage()).contains("AttemptExploded");
                });
    }

    @Test
    void bytesThatAreNotJsonAreRefused() {
        byte[] garbage = {(byte) 0xC3, 0x28, 0x00, 0x7F, '{', '{'};

        assertThatThrownBy(() -> serde.read(garbage, JobRequested.class))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_JSON));
        assertThatThrownBy(() -> serde.read(new byte[0], JobRequested.class))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_JSON));
    }

    @Test
    void theErrorNeverRepeatsThePrompt() {
        String secretPrompt = "confidential-" + UUID.randomUUID();
        String json = minimalJob().replace("A lighthouse at dawn", secretPrompt).replace("\"jobId\":\"job-42\",", "");

        assertThatThrownBy(() -> serde.read(json.getBytes(StandardCharsets.UTF_8), JobRequested.class))
                .isInstanceOf(MessageFormatException.class)
                .hasMessageNotContaining(secretPrompt);
        assertThat(serde.read(minimalJob().replace("A lighthouse at dawn", secretPrompt), JobRequested.class).toString())
                .doesNotContain(secretPrompt);
    }

    private static String minimalJob() {
        return "{\"schemaVersion\":1,\"eventId\":\"e-1\",\"jobId\":\"job-42\",\"occurredAt\":\"2026-11-22T10:15:30Z\","
                + "\"operation\":\"text-to-image\",\"prompt\":\"A lighthouse at dawn\"}";
    }
}
