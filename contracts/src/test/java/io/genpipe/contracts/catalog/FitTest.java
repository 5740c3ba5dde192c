package io.genpipe.contracts.catalog;

import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobInputs;
import io.genpipe.contracts.event.Lora;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.Training;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FitTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-12-01");
    private static final SizeRule GPT_IMAGE_2_SIZES = new SizeRule.Ranged(16, 16, new Size(3840, 2160), 3,
            List.of(new Size(1024, 1024), new Size(1536, 1024), new Size(1024, 1536)));

    @Test
    void aJobTheModelTakesAsAskedIsSentAsAsked() {
        ImageParams params = new ImageParams(1536, 1024, 2, null, null);

        assertThat(check(model(Lifecycle.ACTIVE), params)).isEqualTo(new Fit.Fits(params, List.of()));
    }

    @Test
    void aSizeTooLargeIsRefusedNamingTheLargestAllowed() {
        assertThat(check(model(Lifecycle.ACTIVE), new ImageParams(4096, 4096, 1, null, null)))
                .isEqualTo(new Fit.Refused("params", "allows at most 3840x2160, asked 4096x4096"));
        assertThat(check(model(Lifecycle.ACTIVE), new ImageParams(4000, 1024, 1, null, null)))
                .isEqualTo(new Fit.Refused("params.width", "allows at most 3840x2160, asked 4000x1024"));
    }

    @Test
    void aSizeOffTheMultipleIsRoundedAndTheAdjustmentNamed() {
        Fit fit = check(model(Lifecycle.ACTIVE), new ImageParams(1000, 1000, 1, null, null));

        assertThat(fit).isInstanceOfSatisfying(Fit.Fits.class, fits -> {
            assertThat(fits.sent()).isEqualTo(new ImageParams(1008, 1008, 1, null, null));
            assertThat(fits.adjustments()).singleElement().asString().startsWith("size 1000x1000 sent as 1008x1008");
        });
    }

    @Test
    void tooWideAnAspectIsRefused() {
        assertThat(check(model(Lifecycle.ACTIVE), new ImageParams(3200, 1024, 1, null, null)))
                .isEqualTo(new Fit.Refused("params", "allows an aspect of at most 3:1, asked 3200x1024"));
    }

    @Test
    void moreImagesThanOneCallMakesAreMadeInSeveralCallsAndSaySo() {
        ImageParams eleven = new ImageParams(1024, 1024, 11, null, null);

        assertThat(check(model(Lifecycle.ACTIVE), eleven))
                .isEqualTo(new Fit.Fits(eleven, List.of("11 images made in 2 calls (at most 10 per call)")));
    }

    @Test
    void moreImagesThanTheCallsOfOneAttemptMakeAreRefused() {
        assertThat(check(model(Lifecycle.ACTIVE), new ImageParams(1024, 1024, 41, null, null)))
                .isEqualTo(new Fit.Refused("params.count", "allows at most 40 images per job (10 per call, 4 calls),"
                        + " asked 41"));
    }

    @Test
    void aShutDownModelIsRefusedWithItsReplacementWhateverTheJob() {
        Lifecycle retired = new Lifecycle(LocalDate.parse("2026-06-02"), TODAY, "gpt-image-2.6-flare");

        assertThat(check(model(retired), ImageParams.defaults())).isEqualTo(new Fit.Refused("model",
                "model shut down on 2026-12-01; replacement gpt-image-2.6-flare"));
        assertThat(Fit.check(model(retired), Operation.TEXT_TO_IMAGE, "p", ImageParams.defaults(), TODAY.minusDays(1)))
                .isInstanceOf(Fit.Fits.class);
    }

    @Test
    void aListedSizeRuleTakesOnlyItsSizes() {
        SizeRule listed = new SizeRule.Listed(List.of(new Size(1024, 1024)));

        assertThat(listed.fit(new Size(1024, 1024))).contains(new Size(1024, 1024));
        assertThat(listed.violation(new Size(1024, 1008))).contains("allows only 1024x1024");
    }

    @Test
    void stepsAreSentOnlyToAModelThatTakesThemWithinItsRange() {
        CatalogModel flux = new CatalogModel("fal-ai/flux/schnell", Set.of(Operation.TEXT_TO_IMAGE),
                new Capabilities(GPT_IMAGE_2_SIZES, 4, new Capabilities.Range<>(1, 12), null, true, false, null),
                new Latency(Duration.ofMillis(1500), Duration.ofSeconds(4)), 60, null,
                new Pricing.PerImage(Map.of("any", Usd.of("0.003"))), "test", Lifecycle.ACTIVE, Map.of());
        ImageParams fourSteps = ImageParams.defaults().withSteps(4);

        assertThat(check(flux, fourSteps)).isEqualTo(new Fit.Fits(fourSteps, List.of()));
        assertThat(check(flux, ImageParams.defaults().withSteps(40)))
                .isEqualTo(new Fit.Refused("params.steps", "allows 1 to 12 steps, asked 40"));
        assertThat(check(model(Lifecycle.ACTIVE), fourSteps))
                .isEqualTo(new Fit.Refused("params.steps", "does not take a number of steps"));
    }

    @Test
    void inputsBeyondWhatTheModelTakesAreRefusedByField() {
        CatalogModel editor = new CatalogModel("qwen-image-edit", Set.of(Operation.IMAGE_EDIT),
                new Capabilities(GPT_IMAGE_2_SIZES, 4, null, null, false, false, null, 1, false, 0),
                new Latency(Duration.ofSeconds(8), Duration.ofSeconds(20)), 75, null,
                new Pricing.PerImage(Map.of("any", Usd.of("0.03"))), "test", Lifecycle.ACTIVE, Map.of());
        JobInputs two = JobInputs.edit(List.of("https://a.example/1.png", "https://a.example/2.png"), null);
        JobInputs masked = JobInputs.edit(List.of("https://a.example/1.png"), "https://a.example/m.png");
        JobInputs lora = JobInputs.loras(List.of(new Lora("https://a.example/w.safetensors", null)));

        assertThat(edit(editor, two)).isEqualTo(new Fit.Refused("inputs.images", "takes at most 1 input images, asked 2"));
        assertThat(edit(editor, masked)).isEqualTo(new Fit.Refused("inputs.mask", "does not take a mask"));
        assertThat(Fit.check(model(Lifecycle.ACTIVE), Operation.TEXT_TO_IMAGE, "p", ImageParams.defaults(), lora, TODAY))
                .isEqualTo(new Fit.Refused("inputs.loras", "takes no LoRA weights"));
        assertThat(edit(editor, JobInputs.edit(List.of("https://a.example/1.png"), null))).isInstanceOf(Fit.Fits.class);
        assertThat(edit(model(Lifecycle.ACTIVE), JobInputs.edit(List.of("https://a.example/1.png"), null)))
                .isEqualTo(new Fit.Refused("operation", "does not do image-edit"));
    }

    @Test
    void aTrainingIsNotAskedForSizesItDoesNotMake() {
        CatalogModel trainer = new CatalogModel("flux-lora-fast-training", Set.of(Operation.MODEL_TRAINING),
                new Capabilities(new SizeRule.Listed(List.of(new Size(1024, 1024))), 1, null, null, false, false,
                        null, 200, false, 0),
                new Latency(Duration.ofMinutes(5), Duration.ofMinutes(12)), 70, null,
                new Pricing.PerRun(Usd.of("2")), "test", Lifecycle.ACTIVE, Map.of());
        ImageParams odd = new ImageParams(333, 777, 1, null, null);

        assertThat(Fit.check(trainer, Operation.MODEL_TRAINING, "TOK", odd,
                JobInputs.training(List.of("https://a.example/set.zip"), new Training("me", "TOK", null)), TODAY))
                .isEqualTo(new Fit.Fits(odd, List.of()));
    }

    private static Fit edit(CatalogModel model, JobInputs inputs) {
        return Fit.check(model, Operation.IMAGE_EDIT, "snowy background", ImageParams.defaults(), inputs, TODAY);
    }

    private static Fit check(CatalogModel model, ImageParams params) {
        return Fit.check(model, Operation.TEXT_TO_IMAGE, "a lighthouse", params, TODAY);
    }

    private static CatalogModel model(Lifecycle lifecycle) {
        return new CatalogModel("gpt-image-2", Set.of(Operation.TEXT_TO_IMAGE),
                new Capabilities(GPT_IMAGE_2_SIZES, 10, null, null, false, false, 32_000),
                new Latency(Duration.ofSeconds(8), Duration.ofSeconds(25)), 85, "low",
                new Pricing.PerImage(Map.of("any", Usd.of("0.01"))), "test", lifecycle, Map.of());
    }
}
