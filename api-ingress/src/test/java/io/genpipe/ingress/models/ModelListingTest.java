package io.genpipe.ingress.models;

import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.Operation;
import io.genpipe.ingress.models.ModelView.LifecycleView.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.genpipe.ingress.CatalogFixtures.DEFAULTS;
import static io.genpipe.ingress.CatalogFixtures.TODAY;
import static io.genpipe.ingress.CatalogFixtures.UP;
import static io.genpipe.ingress.CatalogFixtures.down;
import static io.genpipe.ingress.CatalogFixtures.health;
import static io.genpipe.ingress.CatalogFixtures.withAnUnknownPrice;
import static org.assertj.core.api.Assertions.assertThat;

class ModelListingTest {

    private final ModelListing listing = new ModelListing(DEFAULTS, Duration.ofDays(30));

    @Test
    void listsEveryModelOfTheCatalogWithWhatItAcceptsAndCosts() {
        ModelList list = listing.list(ModelFilter.NONE, TODAY, health(Map.of()));

        assertThat(list.models()).hasSize(DEFAULTS.entries().size());
        ModelView flux = model(list, "fal-ai/flux/schnell");
        assertThat(flux.provider()).isEqualTo("fal");
        assertThat(flux.operations()).containsExactly("text-to-image");
        assertThat(flux.sizes().allowed()).isEqualTo(
                "sides of 64 to 2048 px in multiples of 8, at most 2048x2048 in pixels, aspect up to 4:1");
        assertThat(flux.sizes().listed()).isEmpty();
        assertThat(flux.maxImages()).isEqualTo(4);
        assertThat(flux.seed()).isTrue();
        assertThat(flux.negativePrompt()).isFalse();
        assertThat(flux.price().description()).isEqualTo("$0.003 per megapixel");
        assertThat(flux.price().source()).contains("fal pricing");
        assertThat(flux.defaultJobCost()).isEqualTo(Usd.of("0.003"));
        assertThat(flux.costUnknown()).isFalse();
        assertThat(flux.expectedTime()).isEqualTo(new ExpectedTime(1500, 4000));
    }

    @Test
    void showsEachModelsOperationsAndTheInputsItTakes() {
        ModelList list = listing.list(ModelFilter.NONE, TODAY, health(Map.of()));

        ModelView gpt = model(list, "gpt-image-2");
        assertThat(gpt.operations()).containsExactly("text-to-image", "image-edit");
        assertThat(gpt.maxInputImages()).isEqualTo(16);
        assertThat(gpt.mask()).isTrue();
        assertThat(gpt.loras()).isZero();
        ModelView qwenEdit = model(list, "fal-ai/qwen-image-edit");
        assertThat(qwenEdit.operations()).containsExactly("image-edit");
        assertThat(qwenEdit.maxInputImages()).isEqualTo(1);
        assertThat(qwenEdit.mask()).isFalse();
        assertThat(model(list, "fal-ai/flux-lora").loras()).isEqualTo(3);
        assertThat(model(list, "fal-ai/flux-lora-fast-training").operations()).containsExactly("model-training");
        assertThat(model(list, "fal-ai/flux/schnell").maxInputImages()).isZero();
    }

    @Test
    void aTokenPricedModelCostsItsOutputTokensAndAOneTokenPrompt() {
        ModelView gpt = model(listing.list(ModelFilter.NONE, TODAY, health(Map.of())), "gpt-image-2");

        // 272 low-quality 1024x1024 output tokens at $30 per million, one prompt token at $5 per million.
        assertThat(gpt.defaultJobCost()).isEqualTo(Usd.of("0.008165"));
        assertThat(gpt.sizes().listed()).containsExactly("1024x1024", "1536x1024", "1024x1536");
        assertThat(gpt.maxPromptLength()).isEqualTo(32000);
    }

    @Test
    void aPriceThatCannotEstimateShowsNoCostRatherThanZero() {
        ModelList list = new ModelListing(withAnUnknownPrice(), Duration.ofDays(30))
                .list(ModelFilter.NONE, TODAY, health(Map.of()));

        ModelView phoenix = model(list, "phoenix");
        assertThat(phoenix.defaultJobCost()).isNull();
        assertThat(phoenix.costUnknown()).isTrue();
        assertThat(phoenix.price().description()).isEqualTo("$0.0012 per credit");
    }

    @Test
    void lifecycleFollowsTodayAndTheShutdownWarning() {
        ModelList november = listing.list(ModelFilter.NONE, LocalDate.parse("2026-11-15"), health(Map.of()));
        ModelList december = listing.list(ModelFilter.NONE, TODAY, health(Map.of()));

        assertThat(model(november, "gpt-image-1-mini").lifecycle().status()).isEqualTo(Status.SHUTTING_DOWN);
        assertThat(model(november, "gpt-image-1").lifecycle().status()).isEqualTo(Status.SHUT_DOWN);
        assertThat(model(november, "gpt-image-2").lifecycle().status()).isEqualTo(Status.ACTIVE);
        ModelView.LifecycleView mini = model(december, "gpt-image-1-mini").lifecycle();
        assertThat(mini.status()).isEqualTo(Status.SHUT_DOWN);
        assertThat(mini.deprecatedOn()).isEqualTo("2026-06-02");
        assertThat(mini.shutdownOn()).isEqualTo("2026-12-01");
        assertThat(mini.replacement()).isEqualTo("gpt-image-2.6-flare");
        assertThat(model(new ModelListing(DEFAULTS, Duration.ofDays(7))
                .list(ModelFilter.NONE, LocalDate.parse("2026-11-15"), health(Map.of())), "gpt-image-1-mini")
                .lifecycle().status()).isEqualTo(Status.ACTIVE);
    }

    @Test
    void routedModelsShowTheirPriority() {
        ModelList list = listing.list(ModelFilter.NONE, TODAY, health(Map.of()));

        assertThat(model(list, "fal-ai/flux/schnell").routes())
                .containsExactly(new ModelView.RoutePlace("text-to-image", 1, 2));
        assertThat(model(list, "gpt-image-2").routes()).containsExactly(new ModelView.RoutePlace("text-to-image", 2, 2),
                new ModelView.RoutePlace("image-edit", 2, 2));
        assertThat(model(list, "fal-ai/flux-lora-fast-training").routes())
                .containsExactly(new ModelView.RoutePlace("model-training", 1, 2));
        assertThat(model(list, "fal-ai/qwen-image").routed()).isFalse();
        assertThat(model(list, "fal-ai/qwen-image").routes()).isEmpty();
    }

    @Test
    void aRoutedModelIsAvailableOnlyWhileItsProviderIsUp() {
        ModelList list = listing.list(ModelFilter.NONE, TODAY,
                health(Map.of("fal", UP, "openai", down("circuit open: failure rate 100% over 5 calls"))));

        assertThat(model(list, "fal-ai/flux/schnell").availability().available()).isTrue();
        assertThat(model(list, "fal-ai/flux/schnell").availability().providerHealth().status()).isEqualTo("UP");
        ModelView.Availability gpt = model(list, "gpt-image-2").availability();
        assertThat(gpt.available()).isFalse();
        assertThat(gpt.reason()).isEqualTo("circuit open: failure rate 100% over 5 calls");
        assertThat(gpt.providerHealth().status()).isEqualTo("DOWN");
        assertThat(list.totalAvailable()).as("fal's five models").isEqualTo(5);
    }

    @Test
    void aProviderNoLiveWorkerServesMakesItsModelsUnavailable() {
        ModelView.Availability gpt = model(listing.list(ModelFilter.NONE, TODAY, health(Map.of("fal", UP))),
                "gpt-image-2").availability();

        assertThat(gpt.available()).isFalse();
        assertThat(gpt.reason()).isEqualTo("no live worker reports on it");
        assertThat(gpt.providerHealth().status()).isEqualTo("UNKNOWN");
    }

    @Test
    void shutDownModelsAreUnavailableWhateverTheHealthAndUnroutedOnesCanBeNamed() {
        ModelList list = listing.list(ModelFilter.NONE, TODAY, health(Map.of("fal", UP, "openai", UP)));

        assertThat(model(list, "gpt-image-1-mini").availability().available()).isFalse();
        assertThat(model(list, "gpt-image-1-mini").availability().reason())
                .isEqualTo("model shut down on 2026-12-01; replacement gpt-image-2.6-flare");
        assertThat(model(list, "fal-ai/qwen-image").availability().available()).isTrue();
        // fal's five (flux, qwen, flux-lora, qwen-image-edit, the LoRA trainer), gpt-image-2 and the four 2.5/2.6
        // models; not the three shut-down ones.
        assertThat(list.totalAvailable()).isEqualTo(10);
    }

    @Test
    void filtersKeepOnlyTheAskedModels() {
        ModelList available = listing.list(new ModelFilter(Operation.TEXT_TO_IMAGE, true), TODAY,
                health(Map.of("fal", UP)));
        ModelList unavailable = listing.list(new ModelFilter(null, false), TODAY, health(Map.of("fal", UP)));

        assertThat(available.models()).extracting(ModelView::id)
                .containsExactly("fal-ai/flux/schnell", "fal-ai/qwen-image", "fal-ai/flux-lora");
        assertThat(available.totalAvailable()).isEqualTo(3);
        assertThat(unavailable.models()).hasSize(DEFAULTS.entries().size() - 5);
        assertThat(unavailable.totalAvailable()).isZero();
    }

    @Test
    void listsWhatEachQualityPresetTriesWithItsSteps() {
        ModelList list = listing.list(ModelFilter.NONE, TODAY, health(Map.of()));

        Map<String, List<PresetModel>> presets = list.presets().get("text-to-image");
        assertThat(presets).containsOnlyKeys("fast", "standard", "high", "ultra");
        assertThat(presets.keySet()).containsExactly("fast", "standard", "high", "ultra");
        assertThat(presets.get("high")).containsExactly(new PresetModel("fal", "fal-ai/qwen-image", 30),
                new PresetModel("openai", "gpt-image-2.6-sunburst", null));
    }

    @Test
    void presetsDoNotDependOnAvailabilityAndACatalogWithoutThemListsNone() {
        ModelList unavailable = listing.list(new ModelFilter(Operation.TEXT_TO_IMAGE, true), TODAY, health(Map.of()));
        ModelList none = new ModelListing(withAnUnknownPrice(), Duration.ofDays(30))
                .list(ModelFilter.NONE, TODAY, health(Map.of()));

        assertThat(unavailable.models()).isEmpty();
        assertThat(unavailable.presets().get("text-to-image")).hasSize(4);
        assertThat(none.presets()).isEmpty();
    }

    private static ModelView model(ModelList list, String id) {
        return list.models().stream().filter(model -> model.id().equals(id)).findFirst().orElseThrow();
    }
}
