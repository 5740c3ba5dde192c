package io.genpipe.contracts.docs;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.genpipe.contracts.event.AttemptDispatched;
import io.genpipe.contracts.event.AttemptResult;
import io.genpipe.contracts.event.JobOutcome;
import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.ProviderHealth;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.contracts.topic.Topic;
import io.genpipe.contracts.topic.Topics;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every example message that the documentation shows to producers validates against the published schema and
 * reads through the serde into the same event it writes back: docs that drift from code fail here.
 */
class DocumentedExamplesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, Class<?>> TYPE_OF_MESSAGE = Map.ofEntries(
            Map.entry("JobRequested", JobRequested.class),
            Map.entry("AttemptDispatched", AttemptDispatched.class),
            Map.entry("AttemptSucceeded", AttemptResult.class),
            Map.entry("AttemptFailed", AttemptResult.class),
            Map.entry("JobSucceeded", JobOutcome.class),
            Map.entry("JobFailed", JobOutcome.class),
            Map.entry("ProviderHealth", ProviderHealth.class),
            Map.entry("ProviderSettings", io.genpipe.contracts.event.ProviderSettings.class),
            Map.entry("SystemHealthReported", io.genpipe.contracts.event.SystemHealthReported.class),
            Map.entry("SpendSnapshot", io.genpipe.contracts.event.SpendSnapshot.class),
            Map.entry("AttemptProgressed", io.genpipe.contracts.event.AttemptProgressed.class),
            Map.entry("AlertRaised", io.genpipe.contracts.event.AlertEvent.class),
            Map.entry("AlertCleared", io.genpipe.contracts.event.AlertEvent.class),
            Map.entry("ProviderSettingsChanged", io.genpipe.contracts.event.ProviderSettingsChanged.class));

    private final JsonSerde serde = JsonSerde.instance();
    private final Schema jobSchema = jobRequestedSchema();

    @Test
    void exampleFilesValidateAndRoundTrip() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/examples"))) {
            examples = files.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertThat(examples).isNotEmpty();
        for (Path example : examples) {
            assertValidJob(Files.readString(example), example.toString());
        }
    }

    @Test
    void asyncApiExamplesValidateAndRoundTrip() {
        JsonNode messages = asyncApi().path("components").path("messages");
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, Class<?>> entry : TYPE_OF_MESSAGE.entrySet()) {
            JsonNode examples = messages.path(entry.getKey()).path("examples");
            assertThat(examples.size()).as("examples of %s", entry.getKey()).isPositive();
            for (JsonNode example : examples) {
                String json = JSON.writeValueAsString(example.path("payload"));
                if (entry.getValue() == JobRequested.class) {
                    assertValidJob(json, "asyncapi " + entry.getKey());
                } else {
                    assertRoundTrip(json, entry.getValue());
                }
                checked.add(entry.getKey());
            }
        }
        assertThat(checked).containsAll(TYPE_OF_MESSAGE.keySet());
    }

    @Test
    void jobsInTheReadmesValidateAndRoundTrip() throws IOException {
        // Producers copy these lines (kcat examples) into their terminals.
        Pattern inlineJob = Pattern.compile("\\{\"schemaVersion\".*?\"prompt\".*?}(?=')");
        List<String> jobs = new ArrayList<>();
        for (Path readme : List.of(Path.of("../README.md"), Path.of("README.md"))) {
            Matcher matcher = inlineJob.matcher(Files.readString(readme));
            while (matcher.find()) {
                jobs.add(matcher.group());
            }
        }
        assertThat(jobs).isNotEmpty();
        jobs.forEach(job -> assertValidJob(job, "README"));
    }

    @Test
    void asyncApiListsEveryTopic() throws IllegalAccessException {
        List<String> addresses = new ArrayList<>();
        asyncApi().path("channels").forEach(channel -> addresses.add(channel.path("address").asString()));

        for (var field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == Topic.class) {
                assertThat(addresses).contains(((Topic<?, ?>) field.get(null)).name());
            }
        }
        assertThat(addresses).contains(Topics.dispatch("{provider}".replace("{provider}", "p")).name()
                .replace(".p.", ".{provider}."));
    }

    @Test
    void theSchemaRefusesWhatTheSerdeRefuses() {
        String withoutPrompt = "{\"schemaVersion\":1,\"eventId\":\"e\",\"jobId\":\"j\",\"occurredAt\":\"2026-11-22T10:15:30Z\","
                + "\"operation\":\"text-to-image\"}";
        String blankPrompt = withoutPrompt.replace("}", ",\"prompt\":\"   \"}");
        String noWidth = blankPrompt.replace("\"   \"", "\"x\",\"params\":{\"width\":0}");
        String unsafeId = noWidth.replace(":0}", ":512}").replace("\"jobId\":\"j\"", "\"jobId\":\"../etc\"");
        String newerVersion = unsafeId.replace("../etc", "j").replace("\"schemaVersion\":1", "\"schemaVersion\":2");

        String valid = newerVersion.replace("\"schemaVersion\":2", "\"schemaVersion\":1");
        String ftpCallback = valid.replace("}", ",\"callbackUrl\":\"ftp://hooks.example/x\"}");
        String callbackWithUser = valid.replace("}", ",\"callbackUrl\":\"https://me:pw@hooks.example/x\"}");

        String edit = valid.replace("\"operation\":\"text-to-image\"", "\"operation\":\"image-edit\"");
        String editWithoutImages = edit.replace("}", ",\"inputs\":{\"images\":[]}}");
        String editOfBytes = edit.replace("}", ",\"inputs\":{\"images\":[\"data:image/png;base64,iVBORw0\"]}}");
        String textToImageWithImages = valid.replace("}", ",\"inputs\":{\"images\":[\"https://a.example/x.png\"]}}");
        String trainingWithoutTraining = valid.replace("\"operation\":\"text-to-image\"",
                "\"operation\":\"model-training\"").replace("}", ",\"inputs\":{\"images\":[\"https://a.example/x.zip\"]}}");
        String trainingUnnamed = trainingWithoutTraining.replace("]}}", "],\"training\":{\"triggerWord\":\"TOK\"}}}");

        for (String bad : List.of(withoutPrompt, blankPrompt, noWidth, unsafeId, newerVersion, ftpCallback,
                callbackWithUser, editWithoutImages, editOfBytes, textToImageWithImages, trainingWithoutTraining,
                trainingUnnamed)) {
            assertThatThrownBy(() -> serde.read(bad, JobRequested.class)).as(bad).isInstanceOf(MessageFormatException.class);
            assertThat(jobSchema.validate(JSON.readTree(bad))).as(bad).isNotEmpty();
        }
    }

    private void assertValidJob(String json, String where) {
        List<Error> errors = jobSchema.validate(JSON.readTree(json));
        assertThat(errors).as("schema errors in %s", where).isEmpty();
        assertRoundTrip(json, JobRequested.class);
    }

    private void assertRoundTrip(String json, Class<?> type) {
        Object event = serde.read(json, type);
        assertThat(serde.read(serde.write(event), type)).isEqualTo(event);
    }

    private static JsonNode asyncApi() {
        try (InputStream in = DocumentedExamplesTest.class.getResourceAsStream("/asyncapi.yaml")) {
            return YAMLMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Schema jobRequestedSchema() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(
                        SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        try (InputStream in = DocumentedExamplesTest.class.getResourceAsStream("/schemas/job-requested.v1.schema.json")) {
            return registry.getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
