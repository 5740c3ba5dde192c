package io.genpipe.ingress.estimate;

import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.Operation;
import io.genpipe.ingress.estimate.Estimate.CandidateEstimate;
import io.genpipe.ingress.health.LiveHealth.HealthReading;
import io.genpipe.ingress.validation.AskedJob;
import io.genpipe.ingress.validation.CandidateSelector;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.genpipe.ingress.CatalogFixtures.DEFAULTS;
import static io.genpipe.ingress.CatalogFixtures.TODAY;
import static io.genpipe.ingress.CatalogFixtures.UP;
import static io.genpipe.ingress.CatalogFixtures.down;
import static io.genpipe.ingress.CatalogFixtures.health;
import static io.genpipe.ingress.CatalogFixtures.withAnUnknownPrice;
import static org.assertj.core.api.Assertions.assertThat;

class EstimatorTest {

    private static final AskedJob DEFAULT_JOB = new AskedJob(Operation.TEXT_TO_IMAGE, null, null, null);

    @Test
    void theFirstCandidateThatFitsAndIsUpIsChosenWithItsTotal() {
        Estimate estimate = estimate(DEFAULT_JOB, 23, health(Map.of("fal", UP, "openai", UP)));

        assertThat(estimate.chosen().provider()).isEqualTo("fal");
        assertThat(estimate.chosen().model()).isEqualTo("fal-ai/flux/schnell");
        assertThat(estimate.chosen().costPerJob()).isEqualTo(Usd.of("0.003"));
        assertThat(estimate.chosen().total()).isEqualTo(Usd.of("0.069"));
        assertThat(estimate.summary()).isEqualTo("Generate 23 images — generation cost $0.069 (fal:fal-ai/flux/schnell)");
        assertThat(estimate.candidates()).extracting(CandidateEstimate::total)
                .containsExactly(Usd.of("0.069"), Usd.of("0.187795"));
        assertThat(estimate.jobs()).isEqualTo(23);
        assertThat(estimate.size()).isEqualTo("1024x1024");
    }

    @Test
    void aCandidateReportedDownIsPassedOverWithItsReason() {
        Estimate estimate = estimate(DEFAULT_JOB, 23, health(Map.of("fal", down("circuit open"), "openai", UP)));

        assertThat(estimate.chosen().model()).isEqualTo("gpt-image-2");
        assertThat(estimate.chosen().total()).isEqualTo(Usd.of("0.187795"));
        assertThat(estimate.chosen().why()).isEqualTo("priority 2 of 2 for text-to-image that fits and is UP; "
                + "passed over fal:fal-ai/flux/schnell is DOWN (circuit open)");
        assertThat(estimate.candidates().get(0).health().status()).isEqualTo("DOWN");
    }

    @Test
    void aProviderNoWorkerReportsOnIsPassedOverAsTheRouterDoes() {
        Estimate onlyOpenAi = estimate(DEFAULT_JOB, 1, health(Map.of("openai", UP)));
        Estimate none = estimate(DEFAULT_JOB, 1, health(Map.of()));

        assertThat(onlyOpenAi.chosen().provider()).isEqualTo("openai");
        assertThat(onlyOpenAi.chosen().why()).contains("passed over fal:fal-ai/flux/schnell is UNKNOWN (no live worker"
                + " reports on it)");
        assertThat(none.chosen()).isNull();
        assertThat(none.summary()).isEqualTo("Generate 1 image — no model can take it now: every model that fits is on"
                + " a provider reported DOWN or that no live worker reports on; a job submitted now waits for one until"
                + " its deadline");
    }

    @Test
    void nothingIsChosenWhileEveryCandidateThatFitsIsDown() {
        Estimate estimate = estimate(DEFAULT_JOB, 2, health(Map.of("fal", down("x"), "openai", down("y"))));

        assertThat(estimate.chosen()).isNull();
        assertThat(estimate.summary()).isEqualTo("Generate 2 images — no model can take it now: every model that "
                + "fits is on a provider reported DOWN or that no live worker reports on; a job submitted now waits for"
                + " one until its deadline");
    }

    @Test
    void aCandidateThatDoesNotFitShowsWhyAndNoCost() {
        AskedJob wide = new AskedJob(null, null, new ImageParams(3072, 2048, 2, null, null), null);

        Estimate estimate = estimate(wide, 10, health(Map.of("fal", UP, "openai", UP)));

        CandidateEstimate fal = estimate.candidates().get(0);
        assertThat(fal.fits()).isFalse();
        assertThat(fal.refusal()).isEqualTo(new Estimate.Refused("params.width", "allows at most 2048x2048, asked 3072x2048"));
        assertThat(fal.costPerJob()).isNull();
        assertThat(fal.costUnknown()).isFalse();
        assertThat(estimate.chosen().model()).isEqualTo("gpt-image-2");
        assertThat(estimate.chosen().why()).contains("passed over fal:fal-ai/flux/schnell does not fit (params.width: ");
        assertThat(estimate.summary()).startsWith("Generate 20 images in 10 jobs — generation cost $");
    }

    @Test
    void aRoundedSizeIsPricedAsSentAndNamed() {
        AskedJob job = new AskedJob(null, null, new ImageParams(1001, 1001, null, null, null), "fal-ai/flux/schnell");

        CandidateEstimate fal = estimate(job, 1, health(Map.of("fal", UP))).candidates().get(0);

        assertThat(fal.sentSize()).isEqualTo("1000x1000");
        assertThat(fal.adjustments()).singleElement().asString().startsWith("size 1001x1001 sent as 1000x1000");
        assertThat(fal.costPerJob()).isEqualTo(Usd.of("0.003").times(new java.math.BigDecimal(1_000_000))
                .times(new java.math.BigDecimal("0.00000095367431640625")));
    }

    @Test
    void aPriceThatCannotEstimateIsUnknownNeverZero() {
        Catalog catalog = withAnUnknownPrice();

        Estimate estimate = Estimator.estimate(DEFAULT_JOB, 5,
                CandidateSelector.select(catalog, DEFAULT_JOB, TODAY), health(Map.of("leo", UP)));

        assertThat(estimate.chosen().provider()).isEqualTo("leo");
        assertThat(estimate.chosen().costPerJob()).isNull();
        assertThat(estimate.chosen().total()).isNull();
        assertThat(estimate.chosen().costUnknown()).isTrue();
        assertThat(estimate.summary()).isEqualTo("Generate 5 images — generation cost unknown: leo:phoenix is billed "
                + "$0.0012 per credit, which cannot be estimated in advance");
        assertThat(estimate.candidates().get(1).total()).isEqualTo(Usd.of("0.2"));
    }

    private static Estimate estimate(AskedJob job, int jobs, HealthReading health) {
        return Estimator.estimate(job, jobs, CandidateSelector.select(DEFAULTS, job, TODAY), health);
    }
}
