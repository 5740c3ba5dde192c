package io.genpipe.contracts.event;

import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.json.MessageFormatException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Edits and trainings carry their inputs by reference, and each operation takes only the inputs it uses. */
class JobInputsTest {

    private static final String JOB = "{\"schemaVersion\":1,\"eventId\":\"e-1\",\"jobId\":\"job-42\","
            + "\"occurredAt\":\"2026-12-01T10:15:30Z\",\"operation\":\"%s\",%s\"inputs\":%s}";

    private final JsonSerde serde = JsonSerde.instance();

    @Test
    void anEditTravelsWithItsImagesAndMask() {
        JobRequested job = read("image-edit", "\"prompt\":\"snowy background\",",
                "{\"images\":[\"file:/var/lib/genpipe/uploads/t/a.png\",\"https://cdn.example/b.png\"],"
                        + "\"mask\":\"https://cdn.example/m.png\"}");

        assertThat(job.inputs().images()).containsExactly("file:/var/lib/genpipe/uploads/t/a.png",
                "https://cdn.example/b.png");
        assertThat(job.inputs().mask()).isEqualTo("https://cdn.example/m.png");
        assertThat(serde.read(serde.write(job), JobRequested.class)).isEqualTo(job);
        assertThat(job.toString()).contains("inputImages=2").doesNotContain("cdn.example");
    }

    @Test
    void aTrainingWithoutAPromptIsPromptedByItsTriggerWord() {
        JobRequested job = read("model-training", "",
                "{\"images\":[\"https://cdn.example/set.zip\"],\"training\":{\"name\":\"fisher\",\"triggerWord\":\"FSHR\"}}");

        assertThat(job.prompt()).isEqualTo("FSHR");
        assertThat(job.inputs().training()).isEqualTo(new Training("fisher", "FSHR", null));
        assertThat(job.inputs().isArchive()).isTrue();
    }

    @Test
    void eachOperationRefusesTheInputsItDoesNotUseByField() {
        assertRefused("image-edit", "\"prompt\":\"x\",", "{\"images\":[]}", "inputs.images",
                "image-edit needs at least one image");
        assertRefused("text-to-image", "\"prompt\":\"x\",", "{\"images\":[\"https://a.example/x.png\"]}",
                "inputs.images", "text-to-image takes no input images; use image-edit");
        assertRefused("model-training", "", "{\"images\":[\"https://a.example/x.zip\"]}", "inputs.training",
                "model-training needs a name and a trigger word");
        assertRefused("image-edit", "\"prompt\":\"x\",",
                "{\"images\":[\"https://a.example/x.png\"],\"loras\":[{\"url\":\"https://a.example/w.safetensors\"}]}",
                "inputs.loras", "only text-to-image takes LoRA weights");
        assertRefused("image-edit", "\"prompt\":\"x\",", images(17), "inputs.images",
                "image-edit takes at most 16 images, was 17");
    }

    @Test
    void imageBytesNeverTravelInAMessage() {
        assertThatThrownBy(() -> read("image-edit", "\"prompt\":\"x\",", "{\"images\":[\"data:image/png;base64,iVBO\"]}"))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> {
                    assertThat(e.field()).isEqualTo("inputs.images[0]");
                    assertThat(e.reason()).contains("upload them first");
                });
    }

    @Test
    void aTrainingIsNamedSafelyAndItsScaleBounded() {
        assertThatThrownBy(() -> new Training("../x", "TOK", null)).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> new Lora("https://a.example/w.safetensors", java.math.BigDecimal.TEN))
                .isInstanceOfSatisfying(MessageFormatException.class, e -> assertThat(e.field()).isEqualTo("scale"));
        assertThat(new Lora("https://a.example/w.safetensors", null).scale()).isEqualByComparingTo("1");
    }

    private JobRequested read(String operation, String prompt, String inputs) {
        return serde.read(JOB.formatted(operation, prompt, inputs), JobRequested.class);
    }

    private void assertRefused(String operation, String prompt, String inputs, String field, String reason) {
        assertThatThrownBy(() -> read(operation, prompt, inputs)).as(operation + " " + inputs)
                .isInstanceOfSatisfying(MessageFormatException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.reason()).isEqualTo(reason);
                });
    }

    private static String images(int count) {
        List<String> uris = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> "\"https://a.example/" + i + ".png\"").toList();
        return "{\"images\":[" + String.join(",", uris) + "]}";
    }
}
