package io.genpipe.ingress.validation;

import io.genpipe.catalog.CatalogFiles;
import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.Operation;
import io.genpipe.ingress.validation.Refusal.Problem;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.genpipe.ingress.CatalogFixtures.DEFAULTS;
import static io.genpipe.ingress.CatalogFixtures.TODAY;
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
