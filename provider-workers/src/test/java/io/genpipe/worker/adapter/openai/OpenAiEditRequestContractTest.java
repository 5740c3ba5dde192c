package io.genpipe.worker.adapter.openai;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.CatalogProvider;
import io.genpipe.contracts.catalog.Size;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobInputs;
import io.genpipe.contracts.event.Operation;
import io.genpipe.simulator.image.PlaceholderImages;
import io.genpipe.worker.TestCatalog;
import io.genpipe.worker.adapter.CallJournal;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.InputFiles;
import io.genpipe.worker.adapter.Progress;
import io.genpipe.worker.adapter.VendorHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every edit body the OpenAI adapter builds, for every OpenAI model of the default catalog that does image-edit and is
 * not shut down on the day the catalog was checked, across its preset sizes and sizes the edit endpoint lacks, every
 * count, one to sixteen images by URL or from the store, with and without a mask, is a valid
 * {@code EditImageBodyJsonParam} of OpenAI's own OpenAPI document. The test reads
 * {@code vendor-specs/openai-edit-image-request.json}: that schema and the ones it refers to ({@code ImageRefParam},
 * {@code PartialImages}), extracted unchanged from the document, as {@link OpenAiRequestContractTest} does for
 * generations.
 */
class OpenAiEditRequestContractTest {

    private static final String EXTRACT = "/vendor-specs/openai-edit-image-request.json";
    private static final String SPEC_ID = "https://api.openai.com/openapi.yaml";
    private static final LocalDate CATALOG_CHECKED = LocalDate.parse("2026-12-01");
    private static final List<Size> SIZES = List.of(new Size(1024, 1024), new Size(1536, 1024), new Size(1024, 1536),
            new Size(1536, 864), new Size(2048, 2048), new Size(512, 1536));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Schema editImageBody;

    @TempDir
    static Path store;

    @BeforeAll
    static void readOpenAisDocument() {
        String json = extract();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(Map.of(SPEC_ID, json)));
        editImageBody = registry.getSchema(SchemaLocation.of(SPEC_ID
                + "#/components/schemas/EditImageBodyJsonParam"));
    }

    @Test
    void everyEditBodyTheAdapterBuildsForALiveCatalogModelIsAValidEditImageBodyJsonParam() throws IOException {
        InputFiles inputFiles = new InputFiles(store, new VendorHttp(HttpClient.newHttpClient(), Runnable::run));
        String upload = stored("upload.png");
        String mask = stored("mask.png");
        List<List<String>> imageSets = List.of(List.of("https://images.example.com/a.png"), List.of(upload),
                Collections.nCopies(JobInputs.MAX_EDIT_IMAGES, "https://images.example.com/b.png?sig=x"));
        List<CatalogModel> models = liveEditModels();
        assertThat(models).extracting(CatalogModel::id).contains("gpt-image-2");
        int checked = 0;
        for (CatalogModel model : models) {
            for (Size size : SIZES) {
                for (int count = 1; count <= model.capabilities().maxImages(); count++) {
                    for (List<String> images : imageSets) {
                        for (String maybeMask : new String[] {null, mask}) {
                            GenerationRequest request = new GenerationRequest("job-contract", 1, model,
                                    "make it watercolour", new ImageParams(size.width(), size.height(), count, null,
                                    null), Duration.ofSeconds(30), 0, CallJournal.NONE, Operation.IMAGE_EDIT,
                                    JobInputs.edit(images, maybeMask), Progress.NONE);
                            JsonNode body = JSON.readTree(OpenAiAdapter.editBody(request, inputFiles));
                            String where = model.id() + " " + size + " n=" + count + " images=" + images.size()
                                    + " mask=" + (maybeMask != null);

                            List<Error> errors = editImageBody.validate(body);

                            assertThat(errors).as("schema errors of %s", where).isEmpty();
                            assertThat(body.get("images")).as(where).hasSize(images.size());
                            assertThat(body.get("n").intValue()).as(where).isEqualTo(count);
                            assertThat(body.get("size").stringValue()).as(where)
                                    .isEqualTo(OpenAiAdapter.EDIT_SIZES.contains(size.toString()) ? size.toString()
                                            : "auto");
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(models.size() * 100);
    }

    @Test
    void aStoredUploadGoesAsADataUrl() throws IOException {
        InputFiles inputFiles = new InputFiles(store, new VendorHttp(HttpClient.newHttpClient(), Runnable::run));
        GenerationRequest request = new GenerationRequest("job-contract", 1, TestCatalog.gptImage2(), "p",
                ImageParams.defaults(), Duration.ofSeconds(30), 0, CallJournal.NONE, Operation.IMAGE_EDIT,
                JobInputs.edit(List.of(stored("data.png")), null), Progress.NONE);

        JsonNode body = JSON.readTree(OpenAiAdapter.editBody(request, inputFiles));

        assertThat(body.at("/images/0/image_url").stringValue()).startsWith("data:image/png;base64,iVBORw0KGgo");
        assertThat(body.has("mask")).isFalse();
    }

    @Test
    void theSchemaRefusesWhatOpenAiRefuses() {
        // The validator really reads the schema: bodies it must refuse are refused.
        assertThat(editImageBody.validate(JSON.readTree("{\"prompt\":\"p\",\"images\":[]}"))).isNotEmpty();
        assertThat(editImageBody.validate(JSON.readTree("{\"prompt\":\"p\",\"images\":[{\"image_url\":\"https://x/a\","
                + "\"file_id\":\"file-1\"}]}"))).isNotEmpty();
        assertThat(editImageBody.validate(JSON.readTree("{\"prompt\":\"p\",\"size\":\"1536x864\","
                + "\"images\":[{\"image_url\":\"https://x/a\"}]}"))).isNotEmpty();
        assertThat(editImageBody.validate(JSON.readTree("{\"prompt\":\"p\",\"images\":[{\"image_url\":\"https://x/a\","
                + "\"url\":\"https://x/a\"}]}"))).isNotEmpty();
    }

    private static String stored(String name) throws IOException {
        Path file = store.resolve(name);
        Files.write(file, new PlaceholderImages().png(0x224488));
        return file.toUri().toString();
    }

    private static String extract() {
        try (InputStream in = OpenAiEditRequestContractTest.class.getResourceAsStream(EXTRACT)) {
            assertThat(in).as(EXTRACT + " on the test classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<CatalogModel> liveEditModels() {
        List<CatalogModel> models = new ArrayList<>();
        for (CatalogProvider provider : TestCatalog.DEFAULT.providers().values()) {
            if (provider.adapter().equals(OpenAiAdapterFactory.TYPE)) {
                provider.models().values().stream()
                        .filter(model -> !model.lifecycle().isShutDown(CATALOG_CHECKED))
                        .filter(model -> model.supports(Operation.IMAGE_EDIT))
                        .forEach(models::add);
            }
        }
        return models;
    }
}
