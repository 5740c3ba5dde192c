package io.genpipe.ingress.submission;

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

    private static SubmitJob read(String json) {
        return JsonSerde.instance().read(json.getBytes(StandardCharsets.UTF_8), SubmitJob.class);
    }

    private static MessageFormatException refused(String json) {
        return catchThrowableOfType(MessageFormatException.class, () -> read(json));
    }
}
