package io.genpipe.worker.adapter.replicate;

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
import io.genpipe.contracts.event.Operation;
import io.genpipe.worker.TestCatalog;
import io.genpipe.worker.adapter.GenerationRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every create-prediction request the Replicate adapter builds, for every Replicate model of the default catalog that
 * is not shut down, across the sizes it lists and every count it takes, is valid against Replicate's own OpenAPI
 * document (vendor-apis.md, "Machine-readable specs"): the body against {@code schemas_prediction_request} (an
 * official model, by name) or {@code schemas_version_prediction_request} (by version), its path against the spec's
 * paths, and its {@code Prefer} header against the spec's header pattern. The test reads
 * {@code vendor-specs/replicate-create-prediction.json}: those schemas and parameters, extracted unchanged from the
 * document, so the build needs nothing outside the repository.
 */
class ReplicateRequestContractTest {

    private static final String EXTRACT = "/vendor-specs/replicate-create-prediction.json";
    private static final String SPEC_ID = "https://api.replicate.com/openapi.json";
    private static final LocalDate CATALOG_CHECKED = LocalDate.parse("2026-12-01");
    private static final String VERSION = "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa";
    /** flux-schnell's input fields and ratios as vendor-apis.md section 5 lists them; the spec leaves input open. */
    private static final Set<String> FLUX_INPUTS = Set.of("prompt", "aspect_ratio", "num_outputs",
            "num_inference_steps", "seed", "output_format", "output_quality", "disable_safety_checker", "go_fast",
            "megapixels");
    private static final Set<String> FLUX_RATIOS = Set.of("1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4",
            "4:3", "9:16", "9:21");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode document;
    private static Schema byModel;
    private static Schema byVersion;
    private static Schema preferHeader;

    @BeforeAll
    static void readReplicatesDocument() {
        document = JSON.readTree(extract());
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
                builder -> builder.schemas(Map.of(SPEC_ID, JSON.writeValueAsString(document))));
        byModel = registry.getSchema(SchemaLocation.of(SPEC_ID + "#/components/schemas/schemas_prediction_request"));
        byVersion = registry.getSchema(SchemaLocation.of(SPEC_ID
                + "#/components/schemas/schemas_version_prediction_request"));
        preferHeader = registry.getSchema(SchemaLocation.of(SPEC_ID
                + "#/components/parameters/parameters_prefer_header/schema"));
    }

    @Test
    void everyBodyTheAdapterBuildsForALiveCatalogModelIsAValidCreatePredictionRequest() {
        List<CatalogModel> models = liveReplicateModels();
        assertThat(models).extracting(CatalogModel::id).contains("black-forest-labs/flux-schnell");
        // A model run by version, as an operator would add one: pixel sizes, and the version in the body.
        models.add(TestCatalog.withOptions(withId(TestCatalog.model("replicate", "black-forest-labs/flux-schnell"),
                "acme/sdxl:" + VERSION), Map.of("size-input", "width-height")));
        int checked = 0;
        for (CatalogModel model : models) {
            ReplicateModel named = ReplicateModel.parse(model.id()).orElseThrow();
            assertThat(document.path("paths").has(named.byVersion() ? "/predictions"
                    : "/models/{model_owner}/{model_name}/predictions")).as(model.id()).isTrue();
            for (Size size : sizesOf(model.capabilities().sizes())) {
                for (int count = 1; count <= model.capabilities().maxImages(); count++) {
                    GenerationRequest request = new GenerationRequest("job-contract", 1, model,
                            "a lighthouse at dawn, watercolour", new ImageParams(size.width(), size.height(), count,
                            42L, null, model.capabilities().steps() == null ? null : model.capabilities().steps().max()),
                            Duration.ofSeconds(30));
                    JsonNode body = JSON.readTree(ReplicateAdapter.body(request));
                    String where = model.id() + " " + size + " n=" + count;

                    List<Error> errors = (named.byVersion() ? byVersion : byModel).validate(body);

                    assertThat(errors).as("schema errors of %s: %s", where, body).isEmpty();
                    assertThat(body.at("/input/num_outputs").intValue()).as(where).isEqualTo(count);
                    if (named.byVersion()) {
                        assertThat(body.get("version").stringValue()).isEqualTo(VERSION);
                        assertThat(body.at("/input/width").intValue()).isEqualTo(size.width());
                    } else {
                        assertThat(body.get("input").propertyNames()).as(where).isSubsetOf(FLUX_INPUTS);
                        assertThat(body.at("/input/aspect_ratio").stringValue()).as(where).isIn(FLUX_RATIOS);
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(models.size() * 10);
    }

    @Test
    void everyPreferHeaderTheAdapterSendsMatchesTheSpecsPattern() {
        for (Duration timeout : List.of(Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(30),
                Duration.ofMinutes(5))) {
            for (Duration wait : List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(60))) {
                new ReplicateOptions(wait, null, null, null, null).prefer(timeout).ifPresent(prefer ->
                        assertThat(preferHeader.validate(JSON.readTree("\"" + prefer + "\""))).as(prefer).isEmpty());
            }
        }
        assertThat(new ReplicateOptions(Duration.ZERO, null, null, null, null).prefer(Duration.ofMinutes(1))).isEmpty();
        assertThat(new ReplicateOptions(null, null, null, null, null).prefer(Duration.ofMillis(1500))).isEmpty();
    }

    @Test
    void theSchemasRefuseWhatReplicateRefuses() {
        // The validator really reads the schemas: bodies it must refuse are refused.
        assertThat(byModel.validate(JSON.readTree("{\"prompt\":\"p\"}"))).isNotEmpty();
        assertThat(byModel.validate(JSON.readTree("{\"input\":{},\"size\":1}"))).isNotEmpty();
        assertThat(byVersion.validate(JSON.readTree("{\"input\":{}}"))).isNotEmpty();
        assertThat(preferHeader.validate(JSON.readTree("\"wait=0\""))).isNotEmpty();
    }

    private static String extract() {
        try (InputStream in = ReplicateRequestContractTest.class.getResourceAsStream(EXTRACT)) {
            assertThat(in).as(EXTRACT + " on the test classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<CatalogModel> liveReplicateModels() {
        List<CatalogModel> models = new ArrayList<>();
        for (CatalogProvider provider : TestCatalog.DEFAULT.providers().values()) {
            if (provider.adapter().equals(ReplicateAdapterFactory.TYPE)) {
                provider.models().values().stream()
                        .filter(model -> !model.lifecycle().isShutDown(CATALOG_CHECKED))
                        // Trainings are a request of their own (trainings.create), not a prediction.
                        .filter(model -> model.supports(Operation.TEXT_TO_IMAGE))
                        .forEach(models::add);
            }
        }
        return models;
    }

    private static List<Size> sizesOf(SizeRule rule) {
        assertThat(rule).isInstanceOf(SizeRule.Listed.class);
        return ((SizeRule.Listed) rule).sizes();
    }

    static CatalogModel withId(CatalogModel model, String id) {
        return new CatalogModel(id, model.operations(), model.capabilities(), model.latency(), model.quality(),
                model.renderQuality(), model.pricing(), model.priceSource(), model.lifecycle(), model.options());
    }
}
