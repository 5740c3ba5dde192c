package io.genpipe.ingress.submission;

import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RoutingRequest;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.json.MessageFormatException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A job body is read with the contract's serde: a bad routing value is named by its path, as a 400 names it. */
class SubmitJobTest {

    @Test
    void readsTheRoutingRequestAndTheSteps() {
        SubmitJob job = read("""
                {"prompt":"x","params":{"steps":30},"routing":{"prioritize":"cost","quality":"premium",
                 "speed":"fast","budget":"low","maxCostPerImageUsd":0.05,"preset":"high","provider":"fal",
                 "fallback":true}}""");

        assertThat(job.params().steps()).isEqualTo(30);
        assertThat(job.routing()).isEqualTo(new RoutingRequest(RoutingRequest.Priority.COST,
                RoutingRequest.QualityTier.PREMIUM, RoutingRequest.SpeedTier.FAST, RoutingRequest.BudgetTier.LOW,
                new BigDecimal("0.05"), RoutingRequest.Preset.HIGH, "fal", true));
    }

    @Test
    void anUnknownTierIsNamedByItsPath() {
        assertThat(refused("{\"prompt\":\"x\",\"routing\":{\"quality\":\"gold\"}}").field())
                .isEqualTo("routing.quality");
        assertThat(refused("{\"prompt\":\"x\",\"routing\":{\"preset\":\"max\"}}").field())
                .isEqualTo("routing.preset");
    }

    @Test
    void aCostLimitThatIsNotPositiveIsNamedByItsPath() {
        assertThat(refused("{\"prompt\":\"x\",\"routing\":{\"maxCostPerImageUsd\":0}}").field())
                .isEqualTo("routing.maxCostPerImageUsd");
    }

    @Test
    void stepsBelowOneAreNamedByTheirPath() {
        assertThat(refused("{\"prompt\":\"x\",\"params\":{\"steps\":0}}").field()).isEqualTo("params.steps");
    }

    @Test
    void readsAnEditsInputs() {
        SubmitJob job = read("""
                {"operation":"image-edit","prompt":"add a hat","inputs":{"images":["https://example.com/a.png",
                 "file:///data/images/uploads/acme/0123.png"],"mask":"https://example.com/m.png"}}""");

        assertThat(job.operation()).isEqualTo(Operation.IMAGE_EDIT);
        assertThat(job.inputs().images()).containsExactly("https://example.com/a.png",
                "file:///data/images/uploads/acme/0123.png");
        assertThat(job.inputs().mask()).isEqualTo("https://example.com/m.png");
    }

    @Test
    void aDataUriIsNamedByItsPlaceInTheInputs() {
        MessageFormatException refused = refused("""
                {"operation":"image-edit","prompt":"x","inputs":{"images":["https://a.io/1.png","https://a.io/2.png",
                 "data:image/png;base64,iVBORw0KGgo="]}}""");

        assertThat(refused.field()).isEqualTo("inputs.images[2]");
        assertThat(refused.reason()).contains("upload them first");
    }

    @Test
    void aValueOfTheWrongTypeInTheInputsIsNotCoerced() {
        assertThat(refused("{\"prompt\":\"x\",\"inputs\":{\"training\":{\"name\":\"a\",\"triggerWord\":\"TOK\","
                + "\"steps\":\"100\"}}}").field()).isEqualTo("inputs.training.steps");
        assertThat(refused("{\"prompt\":\"x\",\"inputs\":{\"images\":[7]}}").field()).isEqualTo("inputs.images[0]");
    }

    @Test
    void aBatchJobsFieldIsNamedByItsPlace() {
        String badTrigger = "T".repeat(65);
        MessageFormatException refused = catchThrowableOfType(MessageFormatException.class, () -> JsonSerde.instance()
                .read("""
                        {"operation":"model-training","jobs":[%s,%s,%s,{"inputs":{"images":["https://a.io/set.zip"],
                         "training":{"name":"four","triggerWord":"%s"}}}]}""".formatted(training("one"),
                        training("two"), training("three"), badTrigger).getBytes(StandardCharsets.UTF_8),
                        SubmitBatch.class));

        assertThat(refused.field()).isEqualTo("jobs[3].inputs.training.triggerWord");
    }

    @Test
    void aBatchJobTakesTheBatchsMembersItLeavesOut() {
        SubmitBatch batch = JsonSerde.instance().read("""
                {"operation":"image-edit","model":"gpt-image-2","inputs":{"images":["https://a.io/a.png"]},
                 "jobs":[{"prompt":"one"},{"prompt":"two","inputs":{"images":["https://a.io/b.png"]}}]}"""
                .getBytes(StandardCharsets.UTF_8), SubmitBatch.class);

        SubmitJob first = batch.jobs().get(0).over(batch.shared());
        SubmitJob second = batch.jobs().get(1).over(batch.shared());
        assertThat(first.operation()).isEqualTo(Operation.IMAGE_EDIT);
        assertThat(first.model()).isEqualTo("gpt-image-2");
        assertThat(first.inputs().images()).containsExactly("https://a.io/a.png");
        assertThat(second.inputs().images()).containsExactly("https://a.io/b.png");
    }

    private static String training(String name) {
        return "{\"inputs\":{\"images\":[\"https://a.io/set.zip\"],\"training\":{\"name\":\"" + name
                + "\",\"triggerWord\":\"TOK\"}}}";
    }

    private static SubmitJob read(String json) {
        return JsonSerde.instance().read(json.getBytes(StandardCharsets.UTF_8), SubmitJob.class);
    }

    private static MessageFormatException refused(String json) {
        return catchThrowableOfType(MessageFormatException.class, () -> read(json));
    }
}
