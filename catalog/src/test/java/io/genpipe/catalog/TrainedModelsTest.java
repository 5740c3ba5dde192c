package io.genpipe.catalog;

import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.Lifecycle;
import io.genpipe.contracts.catalog.ModelRef;
import io.genpipe.contracts.catalog.Pricing;
import io.genpipe.contracts.catalog.Size;
import io.genpipe.contracts.catalog.Usage;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.Operation;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A model genpipe trained on a vendor's account (a Leonardo custom model, a Replicate version) is not in the catalog,
 * which was written before it existed; a later job names it by the id its training reported, and every service that
 * reads the catalog (the ingress's checks, the router's candidates, the worker's adapter) finds it as the catalog's
 * {@code trained-models} says.
 */
class TrainedModelsTest {

    private static final String CUSTOM = "3f2b8c1e-7d4a-4e9b-a1c5-0e6f9d2b7a48";
    private static final String LIGHTNING = "b24e16ff-06e3-43eb-8d33-4416c2d75876";
    private static final String VERSION = "genpipe/lighthouse-style:" + "9f3c".repeat(16);

    private final Catalog catalog = CatalogFiles.defaults();

    @Test
    void aLeonardoCustomModelIsServedAsTheListedModelItIsLikeUnderItsOwnId() {
        CatalogModel custom = catalog.provider("leonardo").orElseThrow().model(CUSTOM).orElseThrow();
        CatalogModel lightning = catalog.provider("leonardo").orElseThrow().model(LIGHTNING).orElseThrow();

        assertThat(custom.id()).as("the id the vendor is sent").isEqualTo(CUSTOM);
        assertThat(custom.operations()).isEqualTo(lightning.operations());
        assertThat(custom.capabilities()).isEqualTo(lightning.capabilities());
        assertThat(custom.pricing()).isEqualTo(lightning.pricing());
        assertThat(custom.priceSource()).contains("billed as " + LIGHTNING);
        assertThat(catalog.entry(new ModelRef("leonardo", CUSTOM))).isPresent();
    }

    @Test
    void aJobNamingATrainedModelGetsItsProviderWithOrWithoutNamingTheProvider() {
        assertThat(catalog.candidates(Operation.TEXT_TO_IMAGE, CUSTOM)).extracting(Catalog.Entry::ref)
                .containsExactly(new ModelRef("leonardo", CUSTOM));
        assertThat(catalog.providerCandidates(Operation.TEXT_TO_IMAGE, "leonardo", CUSTOM))
                .extracting(Catalog.Entry::ref).containsExactly(new ModelRef("leonardo", CUSTOM));
        assertThat(catalog.candidates(Operation.TEXT_TO_IMAGE, VERSION)).extracting(Catalog.Entry::ref)
                .containsExactly(new ModelRef("replicate", VERSION));
    }

    @Test
    void onlyIdsOfTheTrainedShapeAndOperationsOfTheModelTheyAreLikeAreServed() {
        assertThat(catalog.candidates(Operation.TEXT_TO_IMAGE, "no-such-model")).isEmpty();
        assertThat(catalog.candidates(Operation.TEXT_TO_IMAGE, CUSTOM.toUpperCase())).isEmpty();
        assertThat(catalog.providerCandidates(Operation.IMAGE_EDIT, "leonardo", CUSTOM))
                .as("Lightning XL does not edit").isEmpty();
        assertThat(catalog.providerCandidates(Operation.TEXT_TO_IMAGE, "openai", CUSTOM))
                .as("openai trains nothing").isEmpty();
        assertThat(catalog.provider("leonardo").orElseThrow().models()).doesNotContainKey(CUSTOM);
    }

    @Test
    void aReplicateVersionIsBilledAsTheCatalogPricesTrainedModelsNotAsTheModelItIsLike() {
        CatalogModel version = catalog.provider("replicate").orElseThrow().model(VERSION).orElseThrow();

        assertThat(version.pricing()).isInstanceOf(Pricing.PerGpuSecond.class);
        assertThat(version.pricing().bill(Usage.ofImages(List.of(new Size(1024, 1024)), null)))
                .as("no predict_time reported: unknown, not $0").isEmpty();
        assertThat(version.pricing().bill(Usage.ofImages(List.of(new Size(1024, 1024)), null)
                .withGpuSeconds(new BigDecimal("2")))).contains(Usd.of(new BigDecimal("0.00305")));
    }

    @Test
    void aListedModelsLifecycleChangeKeepsTrainedModelsNamed() {
        Lifecycle shut = new Lifecycle(null, LocalDate.parse("2026-12-01"), null);

        Catalog changed = catalog.withLifecycle(new ModelRef("leonardo", LIGHTNING), shut);

        assertThat(changed.provider("leonardo").orElseThrow().model(CUSTOM).orElseThrow().lifecycle()).isEqualTo(shut);
        assertThat(catalog.withLifecycle(new ModelRef("leonardo", CUSTOM), shut)).as("not a listed model")
                .isSameAs(catalog);
    }

    @Test
    void aTrainedModelsEntryThatCannotServeIsRefusedNamingItsKey() {
        String key = "genpipe.catalog.providers.leonardo.trained-models";

        assertThatThrownBy(() -> CatalogFiles.defaults(Map.of(key + ".like", "no-such-model")))
                .isInstanceOf(InvalidCatalogException.class).hasMessageContaining(key + ".like: 'no-such-model'");
        assertThatThrownBy(() -> CatalogFiles.defaults(Map.of(key + ".ids", "[0-9")))
                .isInstanceOf(InvalidCatalogException.class)
                .hasMessageContaining(key + ".ids: is not a regular expression");
    }
}
