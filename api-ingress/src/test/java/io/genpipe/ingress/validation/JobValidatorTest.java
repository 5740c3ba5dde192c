package io.genpipe.ingress.validation;

import io.genpipe.catalog.LiveCatalog;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RoutingRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.genpipe.ingress.CatalogFixtures.DEFAULTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JobValidatorTest {

    private static final ImageParams HUGE = new ImageParams(4096, 4096, null, null, null);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    // 23:30 UTC on the shutdown day of gpt-image-1-mini: the catalog's days are UTC days, whatever the zone.
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T23:30:00Z"), ZoneOffset.ofHours(-5));
    private final JobValidator validator = new JobValidator(new LiveCatalog(DEFAULTS), clock, meters);

    @Test
    void aJobSomeModelFitsPassesAndCountsNothing() {
        Selection selection = validator.require(job("a lighthouse", ImageParams.defaults(), null));

        assertThat(selection.fitting()).hasSize(2);
        assertThat(meters.find(JobValidator.REFUSED).counters()).isEmpty();
    }

    @Test
    void aRefusedJobIsCountedByTheFieldAtFault() {
        assertThatThrownBy(() -> validator.require(job("a lighthouse", HUGE, null)))
                .isInstanceOf(JobRefusedException.class).hasMessageStartingWith("params: ");

        assertThat(meters.get(JobValidator.REFUSED).tag("field", "params").tag("problem", "NO_MODEL_FITS")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void todayIsTheUtcDateOfTheClock() {
        JobRefusedException refused = catchThrowableOfType(JobRefusedException.class,
                () -> validator.require(job("a lighthouse", ImageParams.defaults(), "gpt-image-1-mini")));

        assertThat(refused.refusal().problem()).isEqualTo(Refusal.Problem.MODEL_SHUT_DOWN);
    }

    @Test
    void aBatchNamesThePromptAtFaultByItsPositionAndCountsEveryJobOfIt() {
        List<AskedJob> batch = List.of(job("fine", ImageParams.defaults(), "gpt-image-2"),
                job("x".repeat(32_001), ImageParams.defaults(), "gpt-image-2"),
                job("fine too", ImageParams.defaults(), "gpt-image-2"));

        JobRefusedException refused = catchThrowableOfType(JobRefusedException.class,
                () -> validator.requireAll(batch));

        assertThat(refused.refusal().field()).isEqualTo("prompts[1]");
        assertThat(refused.getMessage()).isEqualTo(
                "prompts[1]: openai:gpt-image-2 allows at most 32000 characters, asked 32001");
        assertThat(meters.get(JobValidator.REFUSED).tag("field", "prompt").counter().count()).isEqualTo(3);
    }

    @Test
    void aRoutingRequestTheCatalogCannotServeIsRefusedAndCountedByItsField() {
        AskedJob job = new AskedJob(Operation.TEXT_TO_IMAGE, "a lighthouse", ImageParams.defaults(), null,
                new RoutingRequest(null, null, null, null, null, RoutingRequest.Preset.FAST, "openai", null));

        JobRefusedException refused = catchThrowableOfType(JobRefusedException.class, () -> validator.require(job));

        assertThat(refused.refusal().field()).isEqualTo("routing.provider");
        assertThat(meters.get(JobValidator.REFUSED).tag("field", "routing.provider")
                .tag("problem", "PROVIDER_HAS_NO_MODEL").counter().count()).isEqualTo(1);
    }

    @Test
    void checkingForAnEstimateCountsNoRefusal() {
        assertThat(validator.check(job("a lighthouse", HUGE, null)).refused()).isTrue();
        assertThat(meters.find(JobValidator.REFUSED).counters()).isEmpty();
    }

    private static AskedJob job(String prompt, ImageParams params, String model) {
        return new AskedJob(Operation.TEXT_TO_IMAGE, prompt, params, model);
    }
}
