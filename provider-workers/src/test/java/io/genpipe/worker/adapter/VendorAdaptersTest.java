package io.genpipe.worker.adapter;

import io.genpipe.catalog.CatalogFiles;
import io.genpipe.worker.TestCatalog;
import io.genpipe.worker.provider.ProviderConfigurationException;
import io.genpipe.worker.provider.ServedProvider;
import io.genpipe.worker.provider.ServedProviders;
import io.genpipe.worker.provider.WorkerSettings;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each served provider gets the adapter of its catalog type, from whichever factory speaks it. */
class VendorAdaptersTest {

    /** Every provider of the catalog (an empty serve list). */
    private static final WorkerSettings ALL = new WorkerSettings("i-1", List.of(), Map.of(), null, null,
            null, null, null, null);

    /** Two of the catalog's providers, so that the catalog can grow without changing what this test expects. */
    private static final WorkerSettings FAL_AND_OPENAI = new WorkerSettings("i-1", List.of("fal", "openai"), Map.of(),
            null, null, null, null, null, null);

    private final List<String> created = new ArrayList<>();

    @Test
    void givesEachProviderTheAdapterOfItsType() {
        // One factory for each type the catalog names, openai's first: order of factories does not matter.
        List<VendorAdapterFactory> factories = new java.util.ArrayList<>(List.of(factory("openai"), factory("fal")));
        TestCatalog.DEFAULT.providers().values().stream().map(provider -> provider.adapter()).distinct()
                .filter(type -> !type.equals("fal") && !type.equals("openai")).forEach(type -> factories.add(factory(type)));
        VendorAdapters adapters = new VendorAdapters(factories,
                ServedProviders.resolve(ALL, TestCatalog.DEFAULT, name -> "k"));

        assertThat(created).startsWith("fal:fal", "openai:openai").hasSize(TestCatalog.DEFAULT.providers().size());
        assertThat(adapters.of("fal")).isEqualTo(new StubAdapter("fal"));
        assertThat(adapters.of("openai")).isEqualTo(new StubAdapter("openai"));
    }

    @Test
    void aProviderWhoseTypeNoFactorySpeaksStopsTheStartNamingTheKey() {
        ServedProviders unknown = ServedProviders.resolve(FAL_AND_OPENAI,
                CatalogFiles.defaults(Map.of("genpipe.catalog.providers.fal.adapter", "midjourney")), name -> "k");

        assertThatThrownBy(() -> new VendorAdapters(List.of(factory("openai"), factory("fal")), unknown))
                .isInstanceOf(ProviderConfigurationException.class)
                .hasMessage("genpipe.catalog.providers.fal.adapter: unknown adapter type 'midjourney'; known: [fal, openai]");
    }

    @Test
    void aProviderWithoutAKeyIsLoggedOnceByItsVariableAndNoKeyIsEverLogged() {
        String falKey = "fal-secret-9f3e2a71";
        // All of the worker's loggers: the line must be said once in all, not once here and again elsewhere.
        Logger logger = (Logger) LoggerFactory.getLogger("io.genpipe.worker");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            new VendorAdapters(List.of(factory("openai"), factory("fal")), ServedProviders.resolve(FAL_AND_OPENAI,
                    TestCatalog.DEFAULT, variable -> variable.equals("FAL_KEY") ? falKey : null));
        } finally {
            logger.detachAppender(lines);
        }

        List<String> noKey = lines.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(line -> line.contains("no API key")).toList();
        assertThat(noKey).singleElement().satisfies(line -> assertThat(line)
                .startsWith("provider openai:").contains("OPENAI_API_KEY"));
        assertThat(lines.list).filteredOn(event -> event.getLevel() == Level.WARN).hasSize(1);
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .as("the provider with a key is logged by its variable, never its key")
                .anySatisfy(line -> assertThat(line).startsWith("provider fal:").contains("FAL_KEY"))
                .allSatisfy(line -> assertThat(line).doesNotContain(falKey));
    }

    @Test
    void twoFactoriesOfOneTypeAreABug() {
        assertThatThrownBy(() -> new VendorAdapters(List.of(factory("fal"), factory("fal")),
                ServedProviders.resolve(FAL_AND_OPENAI, TestCatalog.DEFAULT, name -> "k")))
                .hasMessageContaining("two adapter factories of type 'fal'");
    }

    private VendorAdapterFactory factory(String type) {
        return new VendorAdapterFactory() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public VendorAdapter create(ServedProvider provider) {
                created.add(provider.name() + ":" + type);
                return new StubAdapter(provider.name());
            }
        };
    }

    /** An adapter that never answers, named after its provider. */
    private record StubAdapter(String provider) implements VendorAdapter {

        @Override
        public CompletableFuture<GenerationResult> generate(GenerationRequest request) {
            return new CompletableFuture<>();
        }
    }
}
