package io.genpipe.catalog;

import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.ModelRef;
import io.genpipe.contracts.catalog.Pricing;
import io.genpipe.contracts.catalog.Size;
import io.genpipe.contracts.catalog.Usd;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RoutingRequest.Preset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starts a real Spring application on the catalog, as every service does, and checks what it gets or refuses. */
class CatalogStartupTest {

    private static final String FLUX = "genpipe.catalog.providers.fal.models[fal-ai/flux/schnell]";
    private static final LocalDate TODAY = LocalDate.parse("2026-12-01");

    @Test
    void theDefaultCatalogRoutesOnlyModelsThatAreLiveToday() {
        try (ConfigurableApplicationContext context = start()) {
            Catalog catalog = context.getBean(Catalog.class);

            List<ModelRef> route = catalog.route(Operation.TEXT_TO_IMAGE).stream().map(Catalog.Entry::ref).toList();

            assertThat(route).containsExactly(new ModelRef("fal", "fal-ai/flux/schnell"),
                    new ModelRef("openai", "gpt-image-2"));
            assertThat(catalog.route(Operation.TEXT_TO_IMAGE))
                    .allSatisfy(entry -> assertThat(entry.model().lifecycle().isShutDown(TODAY)).isFalse());
            CatalogModel mini = catalog.provider("openai").orElseThrow().model("gpt-image-1-mini").orElseThrow();
            assertThat(mini.lifecycle().isShutDown(TODAY)).isTrue();
            assertThat(mini.lifecycle().shutDownReason())
                    .isEqualTo("model shut down on 2026-12-01; replacement gpt-image-2.6-flare");
        }
    }

    @Test
    void modelIdsWithDotsAndSlashesKeepTheirNames() {
        Catalog catalog = CatalogFiles.defaults();

        assertThat(catalog.provider("openai").orElseThrow().models()).containsOnlyKeys("gpt-image-2",
                "gpt-image-2.6-sunburst", "gpt-image-2.6-flare", "gpt-image-2.5-sunburst", "gpt-image-2.5-flare",
                "gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5");
        assertThat(catalog.provider("fal").orElseThrow().models()).containsOnlyKeys("fal-ai/flux/schnell",
                "fal-ai/qwen-image", "fal-ai/flux-lora", "fal-ai/qwen-image-edit", "fal-ai/flux-lora-fast-training");
    }

    @Test
    void editsAndTrainingsHaveRoutesThatFailOverToASecondVendor() {
        Catalog catalog = CatalogFiles.defaults();

        assertThat(catalog.route(Operation.IMAGE_EDIT)).extracting(entry -> entry.provider().name())
                .containsExactly("fal", "openai");
        assertThat(catalog.route(Operation.MODEL_TRAINING)).extracting(entry -> entry.provider().name())
                .containsExactly("fal", "replicate");
        CatalogModel trainer = catalog.provider("fal").orElseThrow().model("fal-ai/flux-lora-fast-training").orElseThrow();
        assertThat(trainer.pricing()).isEqualTo(new Pricing.PerRun(Usd.of("2")));
        assertThat(trainer.capabilities().maxInputImages()).isEqualTo(200);
        CatalogModel gptImage2 = catalog.provider("openai").orElseThrow().model("gpt-image-2").orElseThrow();
        assertThat(gptImage2.operations()).contains(Operation.IMAGE_EDIT);
        assertThat(gptImage2.capabilities().mask()).isTrue();
        assertThat(catalog.provider("fal").orElseThrow().model("fal-ai/flux-lora").orElseThrow()
                .capabilities().maxLoras()).isEqualTo(3);
    }

    @Test
    void everyModelOfTheDefaultCatalogHasAPriceThatEstimatesADefaultJob() {
        try (ConfigurableApplicationContext context = start()) {
            assertThat(context.getBean(Catalog.class).entries()).isNotEmpty().allSatisfy(entry ->
                    assertThat(entry.model().estimate(new Size(1024, 1024), 1, 40)).as(entry.ref().toString())
                            .hasValueSatisfying(usd -> assertThat(usd.compareTo(Usd.ZERO)).isPositive()));
        }
    }

    @Test
    void anyKeyCanBeOverriddenByOrdinaryConfiguration() {
        try (ConfigurableApplicationContext context = start("--" + FLUX + ".pricing.per-megapixel=0.004",
                "--genpipe.catalog.providers.openai.base-url=http://127.0.0.1:9102/v1",
                "--genpipe.catalog.providers.openai.models[gpt-image-2].quality=90")) {
            Catalog catalog = context.getBean(Catalog.class);
            CatalogModel flux = catalog.provider("fal").orElseThrow().model("fal-ai/flux/schnell").orElseThrow();

            assertThat(flux.pricing()).isEqualTo(new Pricing.PerMegapixel(Usd.of("0.004")));
            assertThat(flux.latency().p50()).hasMillis(1500);
            assertThat(catalog.provider("openai").orElseThrow().baseUrl()).hasToString("http://127.0.0.1:9102/v1");
            CatalogModel gptImage2 = catalog.provider("openai").orElseThrow().model("gpt-image-2").orElseThrow();
            assertThat(gptImage2.quality()).isEqualTo(90);
            assertThat(gptImage2.latency().p50()).as("the rest of the model stays").hasSeconds(8);
        }
    }

    @Test
    void theFileCanBeReplacedByPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("catalog.yml");
        Files.writeString(file, """
                genpipe.catalog:
                  routes:
                    text-to-image: [{provider: solo, model: m1}]
                  providers:
                    solo:
                      adapter: openai
                      base-url: http://127.0.0.1:1/v1
                      api-key-env: SOLO_KEY
                      models:
                        m1:
                          operations: [text-to-image]
                          sizes: {list: [1024x1024]}
                          latency-p50: 1s
                          quality: 50
                          pricing: {per-image: {any: 0.04}}
                """);
        try (ConfigurableApplicationContext context = start("--genpipe.catalog.location=" + file)) {
            Catalog catalog = context.getBean(Catalog.class);

            assertThat(catalog.providers()).containsOnlyKeys("solo");
            assertThat(catalog.route(Operation.TEXT_TO_IMAGE)).extracting(Catalog.Entry::ref)
                    .containsExactly(new ModelRef("solo", "m1"));
        }
    }

    @Test
    void aModelWithoutAPriceStopsTheStartNamingTheKey() {
        assertRefused(FLUX + ".pricing: a model needs a price",
                "--" + FLUX + ".pricing.per-megapixel=", "--" + FLUX + ".price-source=none");
    }

    @Test
    void aModelWithTwoPricesStopsTheStart() {
        assertRefused(FLUX + ".pricing: set exactly one of", "--" + FLUX + ".pricing.per-gpu-second=0.001");
    }

    @Test
    void aRouteNamingAnUnknownProviderStopsTheStart() {
        assertRefused("genpipe.catalog.routes.text-to-image[1].provider: unknown provider 'no-such-vendor'",
                route("no-such-vendor", "black-forest-labs/flux-schnell"));
    }

    @Test
    void aRouteNamingAnUnknownModelStopsTheStart() {
        assertRefused("genpipe.catalog.routes.text-to-image[1].model: provider openai has no model 'dall-e-4'",
                route("openai", "dall-e-4"));
    }

    @Test
    void theDefaultCatalogMapsEveryQualityPresetToLiveModelsWithTheirSteps() {
        Catalog catalog = CatalogFiles.defaults();

        assertThat(catalog.presets(Operation.TEXT_TO_IMAGE)).containsExactlyInAnyOrder(Preset.values());
        List<Catalog.PresetEntry> high = catalog.preset(Operation.TEXT_TO_IMAGE, Preset.HIGH);
        assertThat(high).extracting(entry -> entry.entry().ref()).containsExactly(
                new ModelRef("fal", "fal-ai/qwen-image"), new ModelRef("openai", "gpt-image-2.6-sunburst"));
        assertThat(high).extracting(Catalog.PresetEntry::steps).containsExactly(30, null);
        for (Preset preset : Preset.values()) {
            assertThat(catalog.preset(Operation.TEXT_TO_IMAGE, preset)).as(preset.wireName())
                    .allSatisfy(entry -> assertThat(entry.entry().model().lifecycle().isShutDown(TODAY)).isFalse());
        }
        // An edit's quality (OpenAI's low/medium/high) has presets of models that edit.
        assertThat(catalog.presets(Operation.IMAGE_EDIT)).containsExactlyInAnyOrder(Preset.values());
        for (Preset preset : Preset.values()) {
            assertThat(catalog.preset(Operation.IMAGE_EDIT, preset)).as(preset.wireName())
                    .allSatisfy(entry -> assertThat(entry.entry().model().supports(Operation.IMAGE_EDIT)).isTrue());
        }
    }

    @Test
    void aJobNamingAProviderKeepsToItsRoutedModelsUnlessItNamesAModelOrTheRouteHasNone() {
        Catalog catalog = CatalogFiles.defaults();

        assertThat(catalog.providerCandidates(Operation.TEXT_TO_IMAGE, "openai", null))
                .extracting(Catalog.Entry::ref).containsExactly(new ModelRef("openai", "gpt-image-2"));
        assertThat(catalog.providerCandidates(Operation.TEXT_TO_IMAGE, "openai", "gpt-image-2.6-flare"))
                .extracting(Catalog.Entry::ref).containsExactly(new ModelRef("openai", "gpt-image-2.6-flare"));
        assertThat(catalog.providerCandidates(Operation.TEXT_TO_IMAGE, "nobody", null)).isEmpty();
    }

    @Test
    void aPresetSendingStepsOutsideTheModelsRangeStopsTheStart() {
        assertRefused("genpipe.catalog.presets.text-to-image.fast[0].steps: fal:fal-ai/flux/schnell takes 1 to 12 steps, not 40",
                preset("fast", "fal", "fal-ai/flux/schnell", 40));
    }

    @Test
    void aPresetSendingStepsToAModelWithoutThemStopsTheStart() {
        assertRefused("genpipe.catalog.presets.text-to-image.ultra[0].steps: openai:gpt-image-2.6-sunburst does not take a number of steps",
                preset("ultra", "openai", "gpt-image-2.6-sunburst", 20));
    }

    @Test
    void anUnknownPresetStopsTheStart() {
        assertRefused("genpipe.catalog.presets.text-to-image.turbo: unknown preset 'turbo'",
                "--genpipe.catalog.presets.text-to-image.turbo[0].provider=fal",
                "--genpipe.catalog.presets.text-to-image.turbo[0].model=fal-ai/flux/schnell");
    }

    @Test
    void aSizeRuleThatAdmitsNoSizeStopsTheStart() {
        assertRefused(FLUX + ".sizes: admits no size", "--" + FLUX + ".sizes.min-side=4000");
    }

    @Test
    void aMissingCatalogFileStopsTheStart() {
        assertRefused("genpipe.catalog.location: no catalog file at /nowhere/catalog.yml",
                "--genpipe.catalog.location=/nowhere/catalog.yml");
    }

    /** A list is overridden as a whole, as Spring binds lists: fal first, then this step. */
    private static String[] route(String provider, String model) {
        String key = "--genpipe.catalog.routes.text-to-image";
        return new String[] {key + "[0].provider=fal", key + "[0].model=fal-ai/flux/schnell",
                key + "[1].provider=" + provider, key + "[1].model=" + model};
    }

    /** A preset overridden as a whole (Spring binds lists whole) by one model and its steps. */
    private static String[] preset(String level, String provider, String model, int steps) {
        String key = "--genpipe.catalog.presets.text-to-image." + level + "[0]";
        return new String[] {key + ".provider=" + provider, key + ".model=" + model, key + ".steps=" + steps};
    }

    private static void assertRefused(String problem, String... args) {
        assertThatThrownBy(() -> start(args).close())
                .satisfies(error -> assertThat(rootCause(error)).isInstanceOf(InvalidCatalogException.class)
                        .hasMessageContaining(problem));
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (!(cause instanceof InvalidCatalogException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static ConfigurableApplicationContext start(String... args) {
        SpringApplication application = new SpringApplicationBuilder(Minimal.class)
                .web(WebApplicationType.NONE).logStartupInfo(false).build();
        return application.run(args);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Minimal {
    }
}
