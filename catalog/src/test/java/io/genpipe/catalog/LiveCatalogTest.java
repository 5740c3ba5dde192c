package io.genpipe.catalog;

import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.Lifecycle;
import io.genpipe.contracts.catalog.ModelRef;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.ModelLifecycleReported;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.ProviderSettings.PresetChoice;
import io.genpipe.contracts.event.RoutingRequest.Preset;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LiveCatalogTest {

    private static final ModelRef GPT_IMAGE_2 = new ModelRef("openai", "gpt-image-2");
    private static final ModelRef MINI = new ModelRef("openai", "gpt-image-1-mini");

    private final LiveCatalog live = new LiveCatalog(CatalogFiles.defaults());

    @Test
    void aShutdownDateTheVendorPublishesReplacesTheCatalogsAndKeepsTheReplacement() {
        live.apply(report(GPT_IMAGE_2, LocalDate.parse("2027-03-01")));

        assertThat(lifecycle(GPT_IMAGE_2).shutdownOn()).isEqualTo("2027-03-01");
        live.apply(report(MINI, LocalDate.parse("2026-12-02")));
        assertThat(lifecycle(MINI)).isEqualTo(new Lifecycle(LocalDate.parse("2026-06-02"),
                LocalDate.parse("2026-12-02"), "gpt-image-2.6-flare"));
    }

    @Test
    void aVendorThatNamesNoDateDoesNotEraseTheCatalogs() {
        live.apply(report(MINI, null));

        assertThat(lifecycle(MINI).shutdownOn()).isEqualTo("2026-12-01");
    }

    @Test
    void aModelTheCatalogDoesNotListIsIgnored() {
        var before = live.current();

        live.apply(report(new ModelRef("openai", "gpt-image-9"), LocalDate.parse("2027-01-01")));

        assertThat(live.current()).isSameAs(before);
    }

    private Lifecycle lifecycle(ModelRef ref) {
        return live.current().entry(ref).orElseThrow().model().lifecycle();
    }

    private static ModelLifecycleReported report(ModelRef ref, LocalDate shutdownOn) {
        return new ModelLifecycleReported(GenpipeEvent.SCHEMA_VERSION, "l-" + ref, Instant.parse("2026-12-01T06:00:00Z"),
                ref.provider(), ref.model(), shutdownOn, "GET /v1/models");
    }

    @Test
    void anOperatorsPresetChoiceTakesTheProvidersPlaceInTheLevelAndLeavesTheOthersAlone() {
        // The catalog's text-to-image "high": fal qwen-image at 30 steps, then OpenAI's gpt-image-2.6-sunburst.
        live.applyPresets("fal", Map.of("text-to-image", Map.of("high", new PresetChoice("fal-ai/flux-lora", 40))));

        assertThat(steps(Operation.TEXT_TO_IMAGE, Preset.HIGH)).containsExactly(
                new Catalog.PresetStep(new ModelRef("fal", "fal-ai/flux-lora"), 40),
                new Catalog.PresetStep(new ModelRef("openai", "gpt-image-2.6-sunburst"), null));
        assertThat(steps(Operation.TEXT_TO_IMAGE, Preset.FAST)).as("a level fal said nothing of")
                .containsExactly(new Catalog.PresetStep(new ModelRef("fal", "fal-ai/flux/schnell"), 2));
    }

    @Test
    void aChoiceWithoutAModelTakesTheProviderOutAndNoChoicesGiveTheCatalogsPresetsBack() {
        live.applyPresets("openai", Map.of("text-to-image", Map.of("ultra", PresetChoice.OUT,
                "fast", new PresetChoice("gpt-image-2", null))));

        assertThat(steps(Operation.TEXT_TO_IMAGE, Preset.ULTRA)).extracting(step -> step.ref().provider())
                .containsExactly("fal");
        assertThat(steps(Operation.TEXT_TO_IMAGE, Preset.FAST)).as("a provider the level had not: at its end")
                .extracting(step -> step.ref().model()).containsExactly("fal-ai/flux/schnell", "gpt-image-2");

        live.applyPresets("openai", Map.of());

        assertThat(live.current().presetSteps()).isEqualTo(CatalogFiles.defaults().presetSteps());
    }

    @Test
    void aChoiceOfAModelTheCatalogDoesNotListKeepsTheCatalogsEntries() {
        live.applyPresets("fal", Map.of("text-to-image", Map.of("high", new PresetChoice("fal-ai/unknown", 10))));

        assertThat(live.current().presetSteps()).isEqualTo(CatalogFiles.defaults().presetSteps());
    }

    @Test
    void presetChoicesSurviveAShutdownDateLearnedLater() {
        live.applyPresets("fal", Map.of("text-to-image", Map.of("high", new PresetChoice("fal-ai/flux-lora", 40))));
        live.apply(report(GPT_IMAGE_2, LocalDate.parse("2027-03-01")));

        assertThat(steps(Operation.TEXT_TO_IMAGE, Preset.HIGH).get(0).steps()).isEqualTo(40);
        assertThat(lifecycle(GPT_IMAGE_2).shutdownOn()).isEqualTo("2027-03-01");
    }

    private List<Catalog.PresetStep> steps(Operation operation, Preset level) {
        return live.current().presetSteps().get(operation).get(level);
    }
}
