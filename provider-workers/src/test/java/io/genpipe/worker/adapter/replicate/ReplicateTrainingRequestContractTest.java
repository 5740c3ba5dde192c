package io.genpipe.worker.adapter.replicate;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.catalog.CatalogProvider;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobInputs;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.Training;
import io.genpipe.worker.TestCatalog;
import io.genpipe.worker.adapter.CallJournal;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.Progress;
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
 * Every create-training request the Replicate adapter builds, for every Replicate trainer of the default catalog that
 * is not shut down, for trainings with and without steps and sets given as an archive URL or an uploaded file, is
 * valid against Replicate's own OpenAPI document: the body against {@code schemas_training_request}, its path against
 * {@code trainings.create}'s. The test reads {@code vendor-specs/replicate-create-training.json}: that path and
 * schema, extracted unchanged from the document, as {@link ReplicateRequestContractTest} does for predictions.
 */
class ReplicateTrainingRequestContractTest {

    private static final String EXTRACT = "/vendor-specs/replicate-create-training.json";
    private static final String SPEC_ID = "https://api.replicate.com/openapi.json";
    private static final String PATH = "/models/{model_owner}/{model_name}/versions/{version_id}/trainings";
    private static final LocalDate CATALOG_CHECKED = LocalDate.parse("2026-12-01");
    /** The FLUX LoRA trainer's inputs the adapter sends; the spec leaves {@code input} open. */
    private static final Set<String> TRAINER_INPUTS = Set.of("input_images", "trigger_word", "steps");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode document;
    private static Schema trainingRequest;

    @BeforeAll
    static void readReplicatesDocument() {
        document = JSON.readTree(extract());
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
                builder -> builder.schemas(Map.of(SPEC_ID, JSON.writeValueAsString(document))));
        trainingRequest = registry.getSchema(SchemaLocation.of(SPEC_ID
                + "#/components/schemas/schemas_training_request"));
    }

    @Test
    void everyTrainingTheAdapterStartsForALiveCatalogTrainerIsAValidTrainingRequest() {
        List<CatalogModel> trainers = liveTrainers();
        assertThat(trainers).extracting(CatalogModel::id).contains("ostris/flux-dev-lora-trainer");
        assertThat(document.at("/paths").has(PATH)).isTrue();
        assertThat(document.at("/paths").get(PATH).at("/post/operationId").stringValue()).isEqualTo("trainings.create");
        int checked = 0;
        for (CatalogModel trainer : trainers) {
            ReplicateModel named = ReplicateModel.parse(trainer.id()).orElseThrow();
            String version = trainer.options().get(ReplicateAdapter.VERSION);
            String owner = trainer.options().get(ReplicateAdapter.DESTINATION_OWNER);
            assertThat(version).as(trainer.id()).matches("[0-9a-f]{64}");
            assertThat(ReplicateAdapter.trainingPath(named, version)).as(trainer.id())
                    .isEqualTo(PATH.replace("{model_owner}", named.owner()).replace("{model_name}", named.name())
                            .replace("{version_id}", version));
            for (Training training : List.of(new Training("dog-lora", "TOK", null), new Training("Cat.v2", "sks cat", 1),
                    new Training("x", "a", Training.MAX_STEPS))) {
                for (String set : List.of("https://datasets.example.com/dog.zip?sig=abc",
                        "https://api.replicate.com/v1/files/cneqzikepnug6xezperrr4z55o")) {
                    GenerationRequest request = new GenerationRequest("job-contract", 1, trainer,
                            training.triggerWord(), ImageParams.defaults(), Duration.ofMinutes(75), 0,
                            CallJournal.NONE, Operation.MODEL_TRAINING, JobInputs.training(List.of(set), training),
                            Progress.NONE);
                    JsonNode body = JSON.readTree(ReplicateTraining.body(request, owner, set));
                    String where = trainer.id() + " " + training;

                    List<Error> errors = trainingRequest.validate(body);

                    assertThat(errors).as("schema errors of %s: %s", where, body).isEmpty();
                    assertThat(body.get("destination").stringValue()).isEqualTo(owner + "/" + training.name());
                    assertThat(body.get("input").propertyNames()).as(where).isSubsetOf(TRAINER_INPUTS);
                    assertThat(body.at("/input/input_images").stringValue()).isEqualTo(set);
                    assertThat(body.at("/input").has("steps")).isEqualTo(training.steps() != null);
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(trainers.size() * 6);
    }

    @Test
    void theSchemaRefusesWhatReplicateRefuses() {
        assertThat(trainingRequest.validate(JSON.readTree("{\"input\":{}}"))).isNotEmpty();
        assertThat(trainingRequest.validate(JSON.readTree("{\"destination\":\"a/b\"}"))).isNotEmpty();
        assertThat(trainingRequest.validate(JSON.readTree("{\"destination\":\"a/b\",\"input\":{},"
                + "\"webhook_events_filter\":[\"never\"]}"))).isNotEmpty();
    }

    private static String extract() {
        try (InputStream in = ReplicateTrainingRequestContractTest.class.getResourceAsStream(EXTRACT)) {
            assertThat(in).as(EXTRACT + " on the test classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<CatalogModel> liveTrainers() {
        List<CatalogModel> models = new ArrayList<>();
        for (CatalogProvider provider : TestCatalog.DEFAULT.providers().values()) {
            if (provider.adapter().equals(ReplicateAdapterFactory.TYPE)) {
                provider.models().values().stream()
                        .filter(model -> !model.lifecycle().isShutDown(CATALOG_CHECKED))
                        .filter(model -> model.supports(Operation.MODEL_TRAINING))
                        .forEach(models::add);
            }
        }
        return models;
    }
}
