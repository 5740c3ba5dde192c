package io.genpipe.ingress.validation;

import io.genpipe.catalog.CatalogFiles;
import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.Fit;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RoutingRequest;
import io.genpipe.contracts.event.RoutingRequest.Preset;
import io.genpipe.ingress.validation.Refusal.Problem;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static io.genpipe.ingress.CatalogFixtures.DEFAULTS;
import static io.genpipe.ingress.CatalogFixtures.TODAY;
import static io.genpipe.ingress.CatalogFixtures.withAnUnknownPrice;
import static org.assertj.core.api.Assertions.assertThat;

/** On the local run's catalog: fal flux/schnell (up to 2048x2048, 4 images) first, then openai gpt-image-2. */
class CandidateSelectorTest {

    @Test
    void aDefaultJobFitsEveryModelOfTheRouteInOrder() {
        Selection selection = select(job(ImageParams.defaults(), null));

        assertThat(selection.refused()).isFalse();
        assertThat(selection.candidates()).extracting(candidate -> candidate.ref().toString(), Candidate::priority)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fal:fal-ai/flux/schnell", 1),
                        org.assertj.core.groups.Tuple.tuple("openai:gpt-image-2", 2));
        assertThat(selection.fitting()).hasSize(2);
    }

    @Test
    void aSizeOnlyTheSecondModelTakesLeavesOneCandidateThatFits() {
        Selection selection = select(job(size(3072, 2048), null));

        assertThat(selection.refused()).isFalse();
        assertThat(selection.fitting()).extracting(Candidate::model).containsExactly("gpt-image-2");
        assertThat(selection.candidates().get(0).refused().orElseThrow().reason())
                .isEqualTo("allows at most 2048x2048, asked 3072x2048");
    }

    @Test
    void aSizeNoModelTakesIsRefusedWithTheFirstCandidatesRange() {
        Refusal refusal = select(job(size(4096, 4096), null)).refusal();

        assertThat(refusal.problem()).isEqualTo(Problem.NO_MODEL_FITS);
        assertThat(refusal.detail()).isEqualTo("params: fal:fal-ai/flux/schnell allows at most 2048x2048, asked 4096x4096");
    }

    @Test
    void aSizeTheNamedModelDoesNotTakeIsRefusedWithItsRange() {
        Selection selection = select(job(size(4096, 4096), "gpt-image-2"));

        assertThat(selection.candidates()).extracting(Candidate::model).containsExactly("gpt-image-2");
        assertThat(selection.refusal().detail())
                .isEqualTo("params: openai:gpt-image-2 allows at most 3840x2160, asked 4096x4096");
    }

    @Test
    void oneSideTooLongIsNamedAsThatSide() {
        assertThat(select(job(size(3000, 1024), "fal-ai/flux/schnell")).refusal().field()).isEqualTo("params.width");
        assertThat(select(job(size(1024, 3000), "fal-ai/flux/schnell")).refusal().field()).isEqualTo("params.height");
    }

    @Test
    void tooManyImagesForEveryModelIsRefusedNamingTheCount() {
        Refusal refusal = select(job(new ImageParams(null, null, 41, null, null), null)).refusal();

        assertThat(refusal.detail())
                .isEqualTo("params.count: fal:fal-ai/flux/schnell allows at most 16 images per job (4 per call, 4 calls),"
                        + " asked 41");
    }

    @Test
    void aSeedTheNamedModelDoesNotTakeIsRefused() {
        Refusal refusal = select(job(new ImageParams(null, null, null, 7L, null), "gpt-image-2")).refusal();

        assertThat(refusal.field()).isEqualTo("params.seed");
        assertThat(refusal.reason()).isEqualTo("openai:gpt-image-2 does not take a seed");
    }

    @Test
    void aShutDownModelIsRefusedNamingItsReplacement() {
        Refusal refusal = select(job(ImageParams.defaults(), "gpt-image-1")).refusal();

        assertThat(refusal.problem()).isEqualTo(Problem.MODEL_SHUT_DOWN);
        assertThat(refusal.field()).isEqualTo("model");
        assertThat(refusal.reason()).isEqualTo("gpt-image-1 shut down on 2026-10-23; replacement gpt-image-2");
        assertThat(refusal.replacement()).isEqualTo("gpt-image-2");
    }

    @Test
    void aModelIsShutDownFromItsShutdownDayOn() {
        Catalog catalog = CatalogFiles.defaults(Map.of(
                "genpipe.catalog.routes.text-to-image[0].provider", "openai",
                "genpipe.catalog.routes.text-to-image[0].model", "gpt-image-1-mini",
                "genpipe.catalog.routes.text-to-image[1].provider", "openai",
                "genpipe.catalog.routes.text-to-image[1].model", "gpt-image-2"));
        AskedJob mini = job(ImageParams.defaults(), "gpt-image-1-mini");

        assertThat(CandidateSelector.select(catalog, mini, TODAY.minusDays(2)).refused()).isFalse();
        assertThat(CandidateSelector.select(catalog, mini, TODAY.minusDays(1)).refusal().reason())
                .isEqualTo("gpt-image-1-mini shut down on 2026-12-01; replacement gpt-image-2.6-flare");
    }

    @Test
    void anUnknownModelIsRefusedListingTheModelsAJobMayName() {
        Refusal refusal = select(job(ImageParams.defaults(), "dall-e-3")).refusal();

        assertThat(refusal.problem()).isEqualTo(Problem.UNKNOWN_MODEL);
        assertThat(refusal.detail()).isEqualTo("model: unknown model 'dall-e-3'; jobs for text-to-image may name "
                + "fal-ai/flux/schnell, gpt-image-2 (GET /v1/models lists every model)");
    }

    @Test
    void aKnownModelNoRouteUsesMayBeNamedAsTheRouterWouldTryIt() {
        Selection selection = select(job(ImageParams.defaults(), "gpt-image-2.6-flare"));

        assertThat(selection.refused()).isFalse();
        assertThat(selection.candidates()).extracting(candidate -> candidate.ref().toString())
                .containsExactly("openai:gpt-image-2.6-flare");
    }

    @Test
    void aShutDownModelLeftOnARouteIsPassedOverForTheClosestCandidate() {
        Catalog catalog = CatalogFiles.defaults(Map.of(
                "genpipe.catalog.providers.fal.models[fal-ai/flux/schnell].shutdown-on", "2026-11-01"));

        Selection selection = CandidateSelector.select(catalog, job(size(4096, 4096), null), TODAY);

        assertThat(selection.candidates().get(0).refused().orElseThrow().field()).isEqualTo("model");
        assertThat(selection.refusal().detail())
                .isEqualTo("params: openai:gpt-image-2 allows at most 3840x2160, asked 4096x4096");
    }

    @Test
    void aRouteOfOnlyShutDownModelsIsRefusedNamingTheModel() {
        Catalog catalog = CatalogFiles.defaults(Map.of(
                "genpipe.catalog.providers.fal.models[fal-ai/flux/schnell].shutdown-on", "2026-11-01",
                "genpipe.catalog.providers.openai.models[gpt-image-2].shutdown-on", "2026-11-01"));

        Refusal refusal = CandidateSelector.select(catalog, job(ImageParams.defaults(), null), TODAY).refusal();

        assertThat(refusal.problem()).isEqualTo(Problem.MODEL_SHUT_DOWN);
        assertThat(refusal.detail()).isEqualTo("model: fal:fal-ai/flux/schnell shut down on 2026-11-01");
    }

    @Test
    void aPromptLongerThanTheNamedModelTakesIsRefusedNamingThePrompt() {
        AskedJob job = new AskedJob(Operation.TEXT_TO_IMAGE, "x".repeat(32_001), ImageParams.defaults(), "gpt-image-2");

        Refusal refusal = CandidateSelector.select(DEFAULTS, job, TODAY).refusal();

        assertThat(refusal.detail()).isEqualTo("prompt: openai:gpt-image-2 allows at most 32000 characters, asked 32001");
    }

    @Test
    void aSizeTheRuleRoundsFitsWithTheAdjustmentNamed() {
        Candidate fal = select(job(size(1001, 1001), "fal-ai/flux/schnell")).candidates().get(0);

        assertThat(fal.fitted().orElseThrow().sent().width()).isEqualTo(1000);
        assertThat(fal.fitted().orElseThrow().adjustments()).singleElement().asString()
                .startsWith("size 1001x1001 sent as 1000x1000");
    }

    @Test
    void aForcedProviderKeepsOnlyItsModels() {
        Selection selection = select(routed(ImageParams.defaults(), null, routing(null, "openai", null)));

        assertThat(refs(selection)).containsExactly("openai:gpt-image-2");
    }

    @Test
    void aForcedProviderWithFallbackComesFirstAndTheRouteFollows() {
        Selection selection = select(routed(ImageParams.defaults(), null, routing(null, "openai", true)));

        assertThat(refs(selection)).containsExactly("openai:gpt-image-2", "fal:fal-ai/flux/schnell");
        assertThat(selection.candidates()).extracting(Candidate::priority).containsExactly(1, 2);
    }

    @Test
    void aForcedProviderIsNotWidenedWhenItsOnlyModelRefusesTheJob() {
        Refusal refusal = select(routed(size(3072, 2048), null, routing(null, "fal", null))).refusal();

        assertThat(refusal.detail())
                .isEqualTo("params.width: fal:fal-ai/flux/schnell allows at most 2048x2048, asked 3072x2048");
    }

    @Test
    void anUnknownProviderIsRefusedListingTheCatalogsProviders() {
        Selection selection = select(routed(ImageParams.defaults(), null, routing(null, "no-such-vendor", true)));

        assertThat(selection.candidates()).isEmpty();
        assertThat(selection.refusal().problem()).isEqualTo(Problem.UNKNOWN_PROVIDER);
        assertThat(selection.refusal().detail())
                .isEqualTo("routing.provider: unknown provider 'no-such-vendor'; the catalog has "
                        + DEFAULTS.providers().keySet());
    }

    @Test
    void aForcedProviderWithoutTheNamedModelIsRefusedEvenWithFallback() {
        Refusal refusal = select(routed(ImageParams.defaults(), "gpt-image-2", routing(null, "fal", true))).refusal();

        assertThat(refusal.problem()).isEqualTo(Problem.PROVIDER_HAS_NO_MODEL);
        assertThat(refusal.detail())
                .isEqualTo("routing.provider: provider fal has no model gpt-image-2 for text-to-image");
    }

    @Test
    void aForcedProviderMayDoTheJobWithAModelNoRouteUses() {
        Selection selection = select(routed(ImageParams.defaults(), "gpt-image-2.6-flare",
                routing(null, "openai", null)));

        assertThat(refs(selection)).containsExactly("openai:gpt-image-2.6-flare");
    }

    @Test
    void aPresetTriesItsModelsWithItsSteps() {
        Selection selection = select(routed(ImageParams.defaults(), null, routing(Preset.HIGH, null, null)));

        assertThat(refs(selection)).containsExactly("fal:fal-ai/qwen-image", "openai:gpt-image-2.6-sunburst");
        assertThat(selection.fitting()).extracting(candidate -> candidate.fitted().orElseThrow().sent().steps())
                .containsExactly(30, null);
    }

    @Test
    void theJobsOwnStepsWinOverThePresetsAndAreCheckedAgainstEachModel() {
        Selection selection = select(routed(ImageParams.defaults().withSteps(20), null,
                routing(Preset.HIGH, null, null)));

        assertThat(selection.refused()).isFalse();
        assertThat(selection.candidates().get(0).fitted().orElseThrow().sent().steps()).isEqualTo(20);
        assertThat(selection.candidates().get(1).refused().orElseThrow())
                .extracting(Fit.Refused::field, Fit.Refused::reason)
                .containsExactly("params.steps", "does not take a number of steps");
    }

    @Test
    void stepsOutsideEveryModelsRangeAreRefusedNamingTheSteps() {
        Refusal refusal = select(routed(ImageParams.defaults().withSteps(60), null,
                routing(Preset.ULTRA, null, null))).refusal();

        assertThat(refusal.field()).isEqualTo("params.steps");
        assertThat(refusal.problem()).isEqualTo(Problem.NO_MODEL_FITS);
    }

    @Test
    void aPresetWithFallbackIsFollowedByTheRouteWithTheJobsOwnParameters() {
        Selection selection = select(routed(ImageParams.defaults(), null, routing(Preset.FAST, null, true)));

        assertThat(refs(selection)).containsExactly("fal:fal-ai/flux/schnell", "openai:gpt-image-2");
        assertThat(selection.fitting()).extracting(candidate -> candidate.fitted().orElseThrow().sent().steps())
                .containsExactly(2, null);
    }

    @Test
    void aPresetNarrowedToAForcedProviderKeepsThatProvidersModels() {
        Selection selection = select(routed(ImageParams.defaults(), null, routing(Preset.STANDARD, "openai", null)));

        assertThat(refs(selection)).containsExactly("openai:gpt-image-2");
    }

    @Test
    void aPresetWithNoModelOfTheForcedProviderIsRefused() {
        Refusal refusal = select(routed(ImageParams.defaults(), null, routing(Preset.FAST, "openai", null))).refusal();

        assertThat(refusal.problem()).isEqualTo(Problem.PROVIDER_HAS_NO_MODEL);
        assertThat(refusal.detail()).isEqualTo("routing.provider: preset fast for text-to-image has no model of "
                + "openai; it uses [fal:fal-ai/flux/schnell]");
    }

    @Test
    void aPresetThatDoesNotUseTheNamedModelIsRefused() {
        Refusal refusal = select(routed(ImageParams.defaults(), "gpt-image-2", routing(Preset.HIGH, null, null)))
                .refusal();

        assertThat(refusal.problem()).isEqualTo(Problem.MODEL_NOT_IN_PRESET);
        assertThat(refusal.field()).isEqualTo("model");
    }

    @Test
    void aPresetTheCatalogDoesNotDefineIsRefusedNamingIt() {
        Refusal refusal = CandidateSelector.select(withAnUnknownPrice(),
                routed(ImageParams.defaults(), null, routing(Preset.HIGH, null, true)), TODAY).refusal();

        assertThat(refusal.problem()).isEqualTo(Problem.UNKNOWN_PRESET);
        assertThat(refusal.detail())
                .isEqualTo("routing.preset: no preset 'high' for text-to-image; the catalog defines none");
    }

    @Test
    void theRoutersRequirementsAndPrioritiesLeaveTheCandidatesAlone() {
        RoutingRequest premium = new RoutingRequest(RoutingRequest.Priority.COST, RoutingRequest.QualityTier.PREMIUM,
                RoutingRequest.SpeedTier.FAST, RoutingRequest.BudgetTier.LOW, new BigDecimal("0.001"), null, null,
                null);

        Selection selection = select(routed(ImageParams.defaults(), null, premium));

        assertThat(refs(selection)).containsExactly("fal:fal-ai/flux/schnell", "openai:gpt-image-2");
    }

    @Test
    void aNamedModelWithFallbackIsFollowedByTheRoute() {
        Selection selection = select(routed(ImageParams.defaults(), "gpt-image-2", routing(null, null, true)));

        assertThat(refs(selection)).containsExactly("openai:gpt-image-2", "fal:fal-ai/flux/schnell");
    }

    private static List<String> refs(Selection selection) {
        return selection.candidates().stream().map(candidate -> candidate.ref().toString()).toList();
    }

    private static AskedJob routed(ImageParams params, String model, RoutingRequest routing) {
        return new AskedJob(Operation.TEXT_TO_IMAGE, "a lighthouse at dawn", params, model, routing);
    }

    private static RoutingRequest routing(Preset preset, String provider, Boolean fallback) {
        return new RoutingRequest(null, null, null, null, null, preset, provider, fallback);
    }

    private static Selection select(AskedJob job) {
        return CandidateSelector.select(DEFAULTS, job, TODAY);
    }

    private static AskedJob job(ImageParams params, String model) {
        return new AskedJob(Operation.TEXT_TO_IMAGE, "a lighthouse at dawn", params, model);
    }

    private static ImageParams size(int width, int height) {
        return new ImageParams(width, height, null, null, null);
    }
}
