package io.genpipe.ingress.admin;

import io.genpipe.contracts.catalog.CatalogProvider;
import io.genpipe.contracts.event.ProviderSettings;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.ingress.CatalogFixtures;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** How a settings change is refused: its shape (400, naming the member), then the catalog (404, 422), then versions. */
class SettingsValidationTest {

    private static final CatalogProvider FAL = CatalogFixtures.DEFAULTS.provider("fal").orElseThrow();

    @Test
    void aNegativeWeightIsRefusedNamingWeight() {
        assertThat(refusal("{\"enabled\":true,\"weight\":-0.5}").field()).isEqualTo("weight");
    }

    @Test
    void enabledMustBeSaid() {
        MessageFormatException refused = refusal("{\"disabledModels\":[]}");
        assertThat(refused.field()).isEqualTo("enabled");
        assertThat(refused.problem()).isEqualTo(MessageFormatException.Problem.MISSING_FIELD);
    }

    @Test
    void theContractsCooldownRulesNameTheirMember() {
        assertThat(refusal("{\"enabled\":true,\"cooldown\":{\"failures\":0}}").field()).isEqualTo("cooldown.failures");
        assertThat(refusal("{\"enabled\":true,\"cooldown\":{\"seconds\":0}}").field()).isEqualTo("cooldown.seconds");
    }

    @Test
    void aValueOfTheWrongShapeIsNamedAsTheSerdeNamesIt() {
        assertThat(refusal("{\"enabled\":\"no\"}").field()).isEqualTo("enabled");
        assertThat(refusal("{\"enabled\":true,\"priority\":1.5}").field()).isEqualTo("priority");
    }

    @Test
    void aModelListedTwiceOrBlankIsRefusedNamingItsIndex() {
        assertThat(refusal("{\"enabled\":true,\"disabledModels\":[\"fal-ai/qwen-image\",\"fal-ai/qwen-image\"]}")
                .field()).isEqualTo("disabledModels[1]");
        assertThat(refusal("{\"enabled\":true,\"disabledModels\":[\" \"]}").field()).isEqualTo("disabledModels[0]");
    }

    @Test
    void aReasonLongerThanDispatchReasonsCarryIsRefused() {
        assertThat(refusal("{\"enabled\":false,\"reason\":\"" + "x".repeat(SettingsChange.MAX_REASON + 1) + "\"}")
                .field()).isEqualTo("reason");
    }

    @Test
    void whatTheServerDecidesIsNotReadFromTheBody() {
        SettingsChange change = read("{\"enabled\":false,\"changedBy\":\"someone-else\",\"version\":99,"
                + "\"changedAt\":\"2026-01-01T00:00:00Z\"}");

        assertThat(change).isEqualTo(new SettingsChange(false, List.of(), "", null, null, null, Map.of(), Map.of()));
    }

    @Test
    void aModelTheProviderDoesNotHaveIsRefusedNamingItsIndex() {
        SettingsChange change = read("{\"enabled\":true,\"disabledModels\":[\"fal-ai/qwen-image\",\"gpt-image-2\"]}");

        SettingsRefusedException refused = catchThrowableOfType(SettingsRefusedException.class,
                () -> CatalogCheck.models(FAL, change, ""));

        assertThat(refused.field()).isEqualTo("disabledModels[1]");
        assertThat(refused.getMessage()).contains("fal has no model gpt-image-2", "fal-ai/flux/schnell");
        assertThat(catchThrowableOfType(SettingsRefusedException.class,
                () -> CatalogCheck.models(FAL, change, "providers.fal")).field())
                .isEqualTo("providers.fal.disabledModels[1]");
    }

    @Test
    void presetsAndDefaultStepsOfTheWrongShapeAreRefusedNamingTheirMember() {
        assertThat(refusal("{\"enabled\":true,\"defaultSteps\":{\"fal-ai/qwen-image\":0}}").field())
                .isEqualTo("defaultSteps.fal-ai/qwen-image");
        assertThat(refusal("{\"enabled\":true,\"presets\":{\"text-to-video\":{}}}").field())
                .isEqualTo("presets.text-to-video");
        assertThat(refusal("{\"enabled\":true,\"presets\":{\"text-to-image\":{\"best\":{}}}}").field())
                .isEqualTo("presets.text-to-image.best");
        assertThat(read("{\"enabled\":true,\"presets\":{\"text-to-image\":{\"ultra\":{}}}}").presets())
                .as("{} leaves the level").containsEntry("text-to-image", Map.of("ultra",
                        new ProviderSettings.PresetChoice(null, null)));
    }

    @Test
    void presetsAndDefaultStepsAreCheckedAgainstTheCatalogsModelsAndTheirSteps() {
        assertThat(catalogRefusal("{\"enabled\":true,\"defaultSteps\":{\"fal-ai/qwen-image\":60}}"))
                .satisfies(refused -> {
                    assertThat(refused.field()).isEqualTo("defaultSteps.fal-ai/qwen-image");
                    assertThat(refused.getMessage()).contains("takes 2 to 50 steps, not 60");
                });
        assertThat(catalogRefusal("{\"enabled\":true,\"presets\":{\"text-to-image\":{\"high\":"
                + "{\"model\":\"fal-ai/qwen-image-edit\",\"steps\":30}}}}").field())
                .as("an edit model in a text-to-image preset").isEqualTo("presets.text-to-image.high.model");
        assertThat(catalogRefusal("{\"enabled\":true,\"presets\":{\"text-to-image\":{\"high\":"
                + "{\"model\":\"fal-ai/qwen-image\",\"steps\":51}}}}").field())
                .isEqualTo("presets.text-to-image.high.steps");
        assertThat(catalogRefusal("{\"enabled\":true,\"presets\":{\"text-to-image\":{\"high\":"
                + "{\"model\":\"gpt-image-2\"}}}}").field()).isEqualTo("presets.text-to-image.high.model");

        SettingsChange fine = read("{\"enabled\":true,\"defaultSteps\":{\"fal-ai/qwen-image\":20},"
                + "\"presets\":{\"text-to-image\":{\"high\":{\"model\":\"fal-ai/qwen-image\",\"steps\":40},"
                + "\"ultra\":{}}}}");
        CatalogCheck.models(FAL, fine, "");
        assertThat(fine.defaultSteps()).containsEntry("fal-ai/qwen-image", 20);
    }

    private static SettingsRefusedException catalogRefusal(String json) {
        SettingsChange change = read(json);
        return catchThrowableOfType(SettingsRefusedException.class, () -> CatalogCheck.models(FAL, change, ""));
    }

    @Test
    void aProviderTheCatalogDoesNotHaveIsUnknown() {
        assertThatThrownBy(() -> CatalogCheck.provider(CatalogFixtures.DEFAULTS, "midjourney"))
                .isInstanceOf(UnknownProviderException.class)
                .hasMessageContaining("midjourney").hasMessageContaining("fal, openai");
    }

    @Test
    void anImportNamesTheProviderAtFault() {
        assertThatThrownBy(() -> JsonSerde.instance().read("{\"providers\":{\"fal\":{\"weight\":2}}}",
                SettingsImport.class))
                .isInstanceOf(MessageFormatException.class)
                .extracting(e -> ((MessageFormatException) e).field()).isEqualTo("providers.fal.enabled");
        assertThatThrownBy(() -> JsonSerde.instance().read("{\"providers\":{}}", SettingsImport.class))
                .extracting(e -> ((MessageFormatException) e).field()).isEqualTo("providers");
    }

    @Test
    void aChangeThatSaysWhatIsInForceChangesNothing() {
        ProviderSettings inForce = new ProviderSettings(1, "e", Instant.parse("2026-12-01T00:00:00Z"), "fal", false,
                List.of("fal-ai/qwen-image"), "incident", "ops", 3, 0.5, null, 4L);

        assertThat(read("{\"enabled\":false,\"disabledModels\":[\"fal-ai/qwen-image\"],\"reason\":\"incident\","
                + "\"priority\":3,\"weight\":0.5}").differsFrom(inForce)).isFalse();
        assertThat(read("{\"enabled\":true}").differsFrom(inForce)).isTrue();
        assertThat(read("{\"enabled\":true}").differsFrom(null)).isFalse();
    }

    @Test
    void ifMatchMustNameTheVersionInForce() {
        Versions.require(null, "fal", 3);
        Versions.require("*", "fal", 3);
        Versions.require("\"3\"", "fal", 3);
        Versions.require("\"2\", \"3\"", "fal", 3);

        VersionMismatchException stale = catchThrowableOfType(VersionMismatchException.class,
                () -> Versions.require("\"2\"", "fal", 3));
        assertThat(stale.current()).isEqualTo(3);
        assertThat(stale.getMessage()).contains("version 3");
        assertThatThrownBy(() -> Versions.require("3", "fal", 3))
                .isInstanceOf(MessageFormatException.class)
                .extracting(e -> ((MessageFormatException) e).field()).isEqualTo("If-Match");
    }

    private static SettingsChange read(String json) {
        return JsonSerde.instance().read(json, SettingsChange.class);
    }

    private static MessageFormatException refusal(String json) {
        return catchThrowableOfType(MessageFormatException.class, () -> read(json));
    }
}
