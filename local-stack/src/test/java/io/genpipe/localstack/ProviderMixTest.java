package io.genpipe.localstack;

import io.genpipe.catalog.CatalogFiles;
import io.genpipe.contracts.catalog.Catalog;
import io.genpipe.simulator.Vendor;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --providers} and {@code --real}: which providers a local run serves, and which go to the vendor itself. */
class ProviderMixTest {

    private static final Catalog CATALOG = CatalogFiles.defaults();
    private static final Map<Vendor, URI> SIMULATOR = simulator();

    @Test
    void theOptionsNameProvidersEachOnceAndTheDefaultIsEveryProviderOnTheSimulator() {
        LocalRunOptions options = LocalRunOptions.parse("--providers=fal,openai,ideogram,fal", "--real=openai");
        LocalRunOptions defaults = LocalRunOptions.parse();

        assertThat(options.providers()).containsExactly("fal", "openai", "ideogram");
        assertThat(options.real()).containsExactly("openai");
        assertThat(defaults.providers()).isEmpty();
        assertThat(defaults.real()).isEmpty();
        assertThatThrownBy(() -> LocalRunOptions.parse("--real="))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--real needs provider names");
        ProviderMix all = ProviderMix.of(CATALOG, defaults);
        assertThat(all.serve()).isEmpty();
        assertThat(all.simulatorBaseUrls(SIMULATOR)).hasSize(8)
                .containsEntry("fal", SIMULATOR.get(Vendor.FAL)).containsEntry("google", SIMULATOR.get(Vendor.GOOGLE));
    }

    @Test
    void aRealProviderKeepsTheCatalogsUrlAndItsOwnKeyVariableWhileTheOthersGoToTheSimulator() {
        ProviderMix mix = ProviderMix.of(CATALOG,
                LocalRunOptions.parse("--providers=openai,fal,ideogram", "--real=openai"));

        Map<String, String> workers = ServiceProperties.workers(settings(mix));

        // As the workers will read the catalog: the default file under the properties they are given.
        Catalog seen = CatalogFiles.defaults(catalogKeys(workers));
        assertThat(seen.provider("openai").orElseThrow().baseUrl()).isEqualTo(URI.create("https://api.openai.com/v1"));
        assertThat(seen.provider("fal").orElseThrow().baseUrl()).isEqualTo(SIMULATOR.get(Vendor.FAL));
        assertThat(seen.provider("leonardo").orElseThrow().baseUrl()).isEqualTo(SIMULATOR.get(Vendor.LEONARDO));
        // openai's key is OPENAI_API_KEY of the workers' own environment: nothing here sets or overrides it.
        assertThat(workers).doesNotContainKey("OPENAI_API_KEY")
                .containsEntry("FAL_KEY", ServiceProperties.SIMULATOR_KEY)
                .containsEntry("IDEOGRAM_API_KEY", ServiceProperties.SIMULATOR_KEY)
                .containsEntry("genpipe.workers.serve", "fal,openai,ideogram");
        assertThat(ServiceProperties.router(settings(mix))).doesNotContainKeys("genpipe.workers.serve",
                "genpipe.catalog.providers.openai.base-url", "OPENAI_API_KEY");
        assertThat(ServiceProperties.workers(settings(ProviderMix.of(CATALOG, LocalRunOptions.parse()))))
                .doesNotContainKey("genpipe.workers.serve");
    }

    @Test
    void theBannerNamesEachRealProvidersKeyVariableAndNeverAKey() {
        ProviderMix mix = ProviderMix.of(CATALOG, LocalRunOptions.parse("--providers=fal,openai,google",
                "--real=openai,google"));
        Map<String, URI> urls = mix.simulatorBaseUrls(SIMULATOR);

        List<String> lines = mix.describe(urls, variable -> variable.equals("OPENAI_API_KEY"));

        assertThat(lines).containsExactly(
                "fal simulator    http://127.0.0.1:9101",
                "openai           https://api.openai.com/v1   (the real vendor; key from OPENAI_API_KEY)",
                "google           https://generativelanguage.googleapis.com/v1beta   (the real vendor; GEMINI_API_KEY is"
                        + " not set: google reports DOWN and jobs go elsewhere)",
                "not served       leonardo, ideogram, stability, huggingface, replicate   (--providers)");
    }

    @Test
    void namesTheCatalogDoesNotHaveAndMixesThatCannotWorkAreRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> mix("--real=dalle"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--real: 'dalle' is not a provider of the catalog; it has fal, openai, leonardo, ideogram,"
                        + " stability, huggingface, replicate, google");
        assertThatThrownBy(() -> mix("--providers=fal,midjourney"))
                .hasMessageStartingWith("--providers: 'midjourney' is not a provider of the catalog; it has fal, ");
        assertThatThrownBy(() -> mix("--providers=fal", "--real=openai"))
                .hasMessage("--real=openai: openai is not served (--providers=fal)");
        assertThatThrownBy(() -> mix("--real=fal", "--fal-outage"))
                .hasMessage("--fal-outage puts the fal simulator in an outage, but fal is sent to the real vendor (--real)");
        assertThatThrownBy(() -> mix("--providers=ideogram"))
                .hasMessage("the demo's portraits go by the text-to-image route ([fal, openai]), and --providers"
                        + " serves none of them: serve one, or add --no-demo");
        assertThat(mix("--providers=ideogram", "--no-demo").serve()).containsExactly("ideogram");
    }

    @Test
    void aRealProviderMayNotShareItsKeyVariableWithOneOnTheSimulator() {
        Catalog sharedKey = CatalogFiles.defaults(Map.of("genpipe.catalog.providers.openai.api-key-env", "FAL_KEY"));

        assertThatThrownBy(() -> ProviderMix.of(sharedKey, LocalRunOptions.parse("--real=openai")))
                .hasMessage("--real=openai: its key variable FAL_KEY is also fal's, which runs on the simulator;"
                        + " name both in --real");
        assertThat(ProviderMix.of(sharedKey, LocalRunOptions.parse("--real=openai,fal")).real())
                .containsExactlyInAnyOrder("fal", "openai");
    }

    private static ProviderMix mix(String... args) {
        return ProviderMix.of(CATALOG, LocalRunOptions.parse(args));
    }

    private static PipelineSettings settings(ProviderMix mix) {
        return new PipelineSettings("127.0.0.1:9092", "jdbc:postgresql://127.0.0.1:15432/genpipe", "genpipe", "pw",
                mix.simulatorBaseUrls(SIMULATOR), Path.of("data/images"), 8080, 8081, 8082, 8083, Map.of(),
                LocalKeys.generated(), mix.serve(), mix.real());
    }

    private static Map<String, String> catalogKeys(Map<String, String> properties) {
        Map<String, String> catalog = new HashMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith("genpipe.catalog.")) {
                catalog.put(key, value);
            }
        });
        return catalog;
    }

    private static Map<Vendor, URI> simulator() {
        Map<Vendor, URI> urls = new EnumMap<>(Vendor.class);
        int port = 9101;
        for (Vendor vendor : Vendor.values()) {
            urls.put(vendor, URI.create("http://127.0.0.1:" + port++ + (vendor == Vendor.OPENAI ? "/v1" : "")));
        }
        return urls;
    }
}
