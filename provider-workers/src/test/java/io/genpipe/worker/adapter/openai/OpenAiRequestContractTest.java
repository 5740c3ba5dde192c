package io.genpipe.worker.adapter.openai;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.CatalogProvider;
import io.genpipe.contracts.catalog.Size;
import io.genpipe.contracts.catalog.SizeRule;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.worker.TestCatalog;
import io.genpipe.worker.adapter.GenerationRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request body the OpenAI adapter builds, for every OpenAI model of the default catalog that is not shut down
 * on the day the catalog was checked, across the sizes its rule admits and every count it takes, is a valid
 * {@code CreateImageRequest} of OpenAI's own OpenAPI document (vendor-apis.md, "Machine-readable specs"). The test
 * reads {@code vendor-specs/openai-create-image-request.json}: that schema and the ones it refers to, extracted
 * unchanged from the document, so the build needs nothing outside the repository; the {@code $ref}s into
 * {@code components/schemas} resolve as OpenAI wrote them. Pass {@code -Dgenpipe.openai-openapi=<path>} to check
 * against a whole copy of the document instead (e.g. a newer one).
 */
class OpenAiRequestContractTest {

    private static final String EXTRACT = "/vendor-specs/openai-create-image-request.json";
    private static final String WHOLE_DOCUMENT = System.getProperty("genpipe.openai-openapi");
    private static final String SPEC_ID = "https://api.openai.com/openapi.yaml";
    private static final LocalDate CATALOG_CHECKED = LocalDate.parse("2026-12-01");
    /** Sizes a free-size rule may admit; each is kept only if the model's rule sends it as it is. */
    private static final List<Size> FREE_SIZES = List.of(new Size(1536, 864), new Size(864, 1536),
            new Size(2048, 1152), new Size(2560, 1440), new Size(3840, 2160), new Size(2160, 3840),
            new Size(1536, 512), new Size(512, 1536), new Size(768, 768), new Size(16, 48), new Size(1008, 1008));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode document;
    private static Schema createImageRequest;

    @BeforeAll
    static void readOpenAisDocument() {
        document = YAMLMapper.builder().build().readTree(WHOLE_DOCUMENT == null ? extract()
                : yamlOf(Path.of(WHOLE_DOCUMENT)));
        String json = JSON.writeValueAsString(document);
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(Map.of(SPEC_ID, json)));
        createImageRequest = registry.getSchema(SchemaLocation.of(SPEC_ID + "#/components/schemas/CreateImageRequest"));
    }

    @Test
    void everyBodyTheAdapterBuildsForALiveCatalogModelIsAValidCreateImageRequest() {
        List<CatalogModel> models = liveOpenAiModels();
        assertThat(models).extracting(CatalogModel::id).contains("gpt-image-2", "gpt-image-2.6-sunburst");
        int checked = 0;
        for (CatalogModel model : models) {
            List<Size> sizes = sizesOf(model.capabilities().sizes());
            for (Size size : sizes) {
                for (int count = 1; count <= model.capabilities().maxImages(); count++) {
                    GenerationRequest request = new GenerationRequest("job-contract", 1, model,
                            "a lighthouse at dawn, watercolour", new ImageParams(size.width(), size.height(), count,
                            null, null), Duration.ofSeconds(30));
                    JsonNode body = JSON.readTree(OpenAiAdapter.body(request));
                    String where = model.id() + " " + size + " n=" + count;

                    List<Error> errors = createImageRequest.validate(body);

                    assertThat(errors).as("schema errors of %s: %s", where, body).isEmpty();
                    assertThat(body.get("size").stringValue()).as(where).isEqualTo(size.toString());
                    assertThat(body.get("n").intValue()).as(where).isEqualTo(count);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(models.size() * 10);
    }

    @Test
    void theSchemaRefusesWhatOpenAiRefuses() {
        // The validator really reads the schema: a body it must refuse is refused.
        assertThat(createImageRequest.validate(JSON.readTree("{\"model\":\"gpt-image-2\",\"n\":11}"))).isNotEmpty();
        assertThat(createImageRequest.validate(JSON.readTree("{\"prompt\":\"p\",\"quality\":\"ultra\"}"))).isNotEmpty();
    }

    /**
     * OpenAI's enum of model ids lags its models (it names gpt-image-2 and its snapshot, not the 2.5 and 2.6
     * families). The bodies above pass because {@code model} is {@code anyOf} a plain string and the enum; this
     * names the catalog ids the enum lacks, and holds the reason they pass.
     */
    @Test
    void catalogIdsTheSpecsEnumLacksPassOnlyThroughItsPlainStringAlternative() {
        JsonNode model = document.at("/components/schemas/CreateImageRequest/properties/model");
        Set<String> listed = new LinkedHashSet<>();
        boolean plainString = false;
        for (JsonNode alternative : model.path("anyOf")) {
            if (alternative.has("enum")) {
                alternative.get("enum").forEach(id -> listed.add(id.stringValue()));
            } else if ("string".equals(alternative.path("type").stringValue())) {
                plainString = true;
            }
        }
        List<String> unlisted = liveOpenAiModels().stream().map(CatalogModel::id).filter(id -> !listed.contains(id))
                .toList();

        assertThat(listed).contains("gpt-image-2");
        // The spec of 2026-08-21 predates the 2.5 and 2.6 families: this names the ids it lacks, so that a newer
        // document that lists them shows up here.
        assertThat(unlisted).containsExactlyInAnyOrder("gpt-image-2.5-flare", "gpt-image-2.5-sunburst",
                "gpt-image-2.6-flare", "gpt-image-2.6-sunburst");
        if (!unlisted.isEmpty()) {
            assertThat(plainString).as("model accepts any string, so %s pass", unlisted).isTrue();
        }
    }

    /**
     * The document's text with whitespace-only lines emptied. OpenAI's file has an empty {@code |+} block scalar (an
     * example of the completions API) whose blank line is indented deeper than the next key, which strict YAML
     * parsers, SnakeYAML among them, refuse; blank lines carry nothing a schema check reads.
     */
    private static String extract() {
        try (InputStream in = OpenAiRequestContractTest.class.getResourceAsStream(EXTRACT)) {
            assertThat(in).as(EXTRACT + " on the test classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String yamlOf(Path file) {
        try {
            return Files.readString(file).replaceAll("(?m)^[ \\t]+$", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<CatalogModel> liveOpenAiModels() {
        List<CatalogModel> models = new ArrayList<>();
        for (CatalogProvider provider : TestCatalog.DEFAULT.providers().values()) {
            if (provider.adapter().equals(OpenAiAdapterFactory.TYPE)) {
                provider.models().values().stream()
                        .filter(model -> !model.lifecycle().isShutDown(CATALOG_CHECKED))
                        .forEach(models::add);
            }
        }
        return models;
    }

    /** The presets (or the listed sizes), and the free sizes the rule sends unchanged. */
    private static List<Size> sizesOf(SizeRule rule) {
        List<Size> sizes = new ArrayList<>();
        if (rule instanceof SizeRule.Listed listed) {
            sizes.addAll(listed.sizes());
        } else if (rule instanceof SizeRule.Ranged ranged) {
            sizes.addAll(ranged.presets());
            List<Size> free = FREE_SIZES.stream().filter(size -> rule.fit(size).equals(Optional.of(size))).toList();
            assertThat(free).as("free sizes %s admits", rule.describe()).hasSizeGreaterThanOrEqualTo(5);
            sizes.addAll(free);
        }
        return sizes;
    }
}
