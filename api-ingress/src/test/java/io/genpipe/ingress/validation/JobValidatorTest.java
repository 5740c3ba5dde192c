package io.genpipe.ingress.validation;

import io.genpipe.catalog.LiveCatalog;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobInputs;
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
    void anEditAtEveryQualityPresetIsServedByAModelThatEdits() {
        JobInputs oneImage = JobInputs.edit(List.of("https://a.io/1.png"), null);
        for (RoutingRequest.Preset preset : RoutingRequest.Preset.values()) {
            AskedJob edit = new AskedJob(Operation.IMAGE_EDIT, "add a hat", ImageParams.defaults(), null,
                    new RoutingRequest(null, null, null, null, null, preset, null, null), oneImage);

            validator.require(edit);
        }
        assertThat(meters.find(JobValidator.REFUSED).counters()).allSatisfy(c -> assertThat(c.count()).isZero());
    }

    @Test
    void anEditNoModelTakesAsAskedIsRefusedWithTheCatalogsReason() {
        JobInputs twoImages = JobInputs.edit(List.of("https://a.io/1.png", "https://a.io/2.png"), null);
        AskedJob edit = new AskedJob(Operation.IMAGE_EDIT, "add a hat", ImageParams.defaults(),
                "fal-ai/qwen-image-edit", null, twoImages);

        JobRefusedException refused = catchThrowableOfType(JobRefusedException.class, () -> validator.require(edit));

        assertThat(refused.getMessage())
                .isEqualTo("inputs.images: fal:fal-ai/qwen-image-edit takes at most 1 input images, asked 2");
        // The route's other model (gpt-image-2, 16 images) takes it.
        assertThat(validator.require(new AskedJob(Operation.IMAGE_EDIT, "add a hat", ImageParams.defaults(), null,
                null, twoImages)).fitting()).extracting(candidate -> candidate.model()).containsExactly("gpt-image-2");
    }

    @Test
    void aBatchOfJobsNamesTheFieldAtFaultUnderTheJob() {
        JobInputs mask = JobInputs.edit(List.of("https://a.io/1.png"), "https://a.io/m.png");
        List<AskedJob> batch = List.of(job("fine", ImageParams.defaults(), null),
                new AskedJob(Operation.IMAGE_EDIT, "x", ImageParams.defaults(), "fal-ai/qwen-image-edit", null, mask));

        JobRefusedException refused = catchThrowableOfType(JobRefusedException.class,
                () -> validator.requireAll(batch, (i, field) -> "jobs[" + i + "]." + field));

        assertThat(refused.refusal().field()).isEqualTo("jobs[1].inputs.mask");
    }

    @Test
    void aJobNamingAModelATrainingMadeIsServedByItsProviderUnderTheRulesOfTheModelItIsLike() {
        String custom = "3f2b8c1e-7d4a-4e9b-a1c5-0e6f9d2b7a48";
        AskedJob forced = new AskedJob(Operation.TEXT_TO_IMAGE, "TOK on a beach", ImageParams.defaults(), custom,
                new RoutingRequest(null, null, null, null, null, null, "leonardo", null), JobInputs.NONE);

        assertThat(validator.require(forced).fitting()).extracting(Candidate::provider, Candidate::model)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("leonardo", custom));
        assertThat(validator.require(job("TOK", ImageParams.defaults(), custom)).fitting())
                .extracting(Candidate::provider).containsExactly("leonardo");
        // Lightning XL makes at most 1536x1536, and so does a custom model.
        JobRefusedException refused = catchThrowableOfType(JobRefusedException.class,
                () -> validator.require(job("TOK", HUGE, custom)));
        assertThat(refused.refusal().field()).isEqualTo("params");
        assertThat(refused.getMessage()).contains("leonardo:" + custom);
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
