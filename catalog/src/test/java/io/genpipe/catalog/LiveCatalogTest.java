package io.genpipe.catalog;

import io.genpipe.contracts.catalog.Lifecycle;
import io.genpipe.contracts.catalog.ModelRef;
import io.genpipe.contracts.event.GenpipeEvent;
import io.genpipe.contracts.event.ModelLifecycleReported;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

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
}
