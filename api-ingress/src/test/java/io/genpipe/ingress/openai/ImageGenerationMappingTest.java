package io.genpipe.ingress.openai;

import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RoutingRequest;
import io.genpipe.contracts.json.JsonSerde;
import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.ingress.openai.ImageGenerationMapping.MappedGeneration;
import io.genpipe.ingress.openai.InvalidImageRequest.Code;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every member of OpenAI's CreateImageRequest is mapped, accepted and dropped, or refused naming it. */
class ImageGenerationMappingTest {

    private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");

    @Test
    void knowsEveryMemberOfTheOfficialRequest() {
        // CreateImageRequest.properties in the official OpenAPI document (vendor-specs/openai-openapi.yaml).
        assertThat(ImageGenerationRequest.MEMBERS).containsExactlyInAnyOrder("prompt", "model", "n", "quality",
                "response_format", "output_format", "output_compression", "stream", "partial_images", "size",
                "moderation", "background", "style", "user");
    }

    @Test
    void mapsPromptModelCountAndSizeOntoTheJob() {
        MappedGeneration mapped = map("""
                {"prompt":"a lighthouse at dawn","model":"gpt-image-2","n":3,"size":"1536x1024"}""");

        JobRequested job = mapped.job();
        assertThat(job.jobId()).isEqualTo("job-1");
        assertThat(job.tenantId()).isEqualTo("acme");
        assertThat(job.occurredAt()).isEqualTo(NOW);
        assertThat(job.operation()).isEqualTo(Operation.TEXT_TO_IMAGE);
        assertThat(job.prompt()).isEqualTo("a lighthouse at dawn");
        assertThat(job.model()).isEqualTo("gpt-image-2");
        assertThat(job.params().count()).isEqualTo(3);
        assertThat(job.params().width()).isEqualTo(1536);
        assertThat(job.params().height()).isEqualTo(1024);
        assertThat(job.routing()).isNull();
        assertThat(mapped.format()).isEqualTo(ResponseFormat.B64_JSON);
    }

    @Test
    void anyCatalogModelIdMayBeNamed() {
        assertThat(map("{\"prompt\":\"x\",\"model\":\"fal-ai/flux/schnell\"}").job().model())
                .isEqualTo("fal-ai/flux/schnell");
    }

    @Test
    void withoutModelSizeOrCountTheRouteAndTheContractDefaultsDecide() {
        JobRequested job = map("{\"prompt\":\"x\",\"size\":\"auto\",\"model\":null,\"n\":null}").job();

        assertThat(job.model()).isNull();
        assertThat(job.params().count()).isEqualTo(1);
        assertThat(job.params().width()).isEqualTo(1024);
        assertThat(job.params().height()).isEqualTo(1024);
    }

    @ParameterizedTest
    @CsvSource({"low,FAST", "medium,STANDARD", "high,HIGH"})
    void qualityAsksForGenpipesPresetOfThatLevel(String quality, RoutingRequest.Preset preset) {
        RoutingRequest routing = map("{\"prompt\":\"x\",\"quality\":\"" + quality + "\"}").job().routing();

        assertThat(routing.preset()).isEqualTo(preset);
        assertThat(routing.provider()).isNull();
        assertThat(routing.fallbackAllowed()).isFalse();
    }

    @Test
    void autoQualityAsksForNoPreset() {
        assertThat(map("{\"prompt\":\"x\",\"quality\":\"auto\"}").job().routing()).isNull();
    }

    @Test
    void responseFormatIsBase64UnlessUrlIsAsked() {
        assertThat(map("{\"prompt\":\"x\",\"response_format\":\"url\"}").format()).isEqualTo(ResponseFormat.URL);
        assertThat(map("{\"prompt\":\"x\",\"response_format\":\"b64_json\"}").format())
                .isEqualTo(ResponseFormat.B64_JSON);
    }

    @Test
    void theEndUserIdIsAcceptedAndGoesNowhere() {
        JobRequested job = map("{\"prompt\":\"x\",\"user\":\"user-1234\"}").job();

        assertThat(JsonSerde.instance().writeString(job)).doesNotContain("user-1234");
    }

    @Test
    void membersGenpipeHasNoMeaningForAreAcceptedAtTheirDefaults() {
        MappedGeneration mapped = map("""
                {"prompt":"x","output_compression":100,"stream":false,"partial_images":0,"moderation":"auto",
                 "background":"auto","quality":"auto"}""");

        assertThat(mapped.job().params()).isEqualTo(map("{\"prompt\":\"x\"}").job().params());
    }

    @ParameterizedTest(name = "{0} is refused naming {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"prompt\":\"x\",\"n\":0}|n|INVALID_VALUE",
            "{\"prompt\":\"x\",\"n\":11}|n|INVALID_VALUE",
            "{\"prompt\":\"x\",\"size\":\"big\"}|size|INVALID_VALUE",
            "{\"prompt\":\"x\",\"size\":\"0x1024\"}|size|INVALID_VALUE",
            "{\"prompt\":\"x\",\"quality\":\"hd\"}|quality|UNSUPPORTED_VALUE",
            "{\"prompt\":\"x\",\"quality\":\"standard\"}|quality|UNSUPPORTED_VALUE",
            "{\"prompt\":\"x\",\"quality\":\"gold\"}|quality|INVALID_VALUE",
            "{\"prompt\":\"x\",\"response_format\":\"png\"}|response_format|INVALID_VALUE",
            "{\"prompt\":\"x\",\"output_format\":\"png\"}|output_format|UNSUPPORTED_VALUE",
            "{\"prompt\":\"x\",\"output_format\":\"gif\"}|output_format|INVALID_VALUE",
            "{\"prompt\":\"x\",\"output_compression\":50}|output_compression|UNSUPPORTED_VALUE",
            "{\"prompt\":\"x\",\"stream\":true}|stream|UNSUPPORTED_VALUE",
            "{\"prompt\":\"x\",\"partial_images\":2}|partial_images|UNSUPPORTED_VALUE",
            "{\"prompt\":\"x\",\"moderation\":\"low\"}|moderation|UNSUPPORTED_VALUE",
            "{\"prompt\":\"x\",\"moderation\":\"off\"}|moderation|INVALID_VALUE",
            "{\"prompt\":\"x\",\"background\":\"transparent\"}|background|UNSUPPORTED_VALUE",
            "{\"prompt\":\"x\",\"background\":\"opaque\"}|background|UNSUPPORTED_VALUE",
            "{\"prompt\":\"x\",\"style\":\"vivid\"}|style|UNSUPPORTED_VALUE",
            "{\"prompt\":\"x\",\"style\":\"natural\"}|style|UNSUPPORTED_VALUE",
            "{\"prompt\":\"x\",\"seed\":7}|seed|UNKNOWN_PARAMETER",
    })
    void refusesWhatGenpipeWouldNotDoNamingTheMember(String body, String param, Code code) {
        InvalidImageRequest refused = catchThrowableOfType(InvalidImageRequest.class, () -> map(body));

        assertThat(refused).as(body).isNotNull();
        assertThat(refused.param()).isEqualTo(param);
        assertThat(refused.code()).isEqualTo(code);
        assertThat(refused.getMessage()).contains(param);
    }

    @Test
    void aValueOfTheWrongTypeOrAMissingPromptIsNamedAsTheContractNamesIt() {
        assertThat(malformed("{\"prompt\":\"x\",\"n\":\"2\"}").field()).isEqualTo("n");
        assertThat(malformed("{\"prompt\":\"x\",\"stream\":\"yes\"}").field()).isEqualTo("stream");
        assertThat(malformed("{\"n\":1}").field()).isEqualTo("prompt");
        assertThat(malformed("{\"prompt\":\"  \"}").field()).isEqualTo("prompt");
        assertThat(malformed("null").problem()).isEqualTo(MessageFormatException.Problem.NOT_JSON);
        assertThat(malformed("{\"prompt\": nope").problem()).isEqualTo(MessageFormatException.Problem.NOT_JSON);
    }

    @ParameterizedTest
    @CsvSource({"params.count,n", "params,size", "params.width,size", "params.height,size", "routing.preset,quality",
            "params.steps,quality", "model,model", "prompt,prompt"})
    void namesTheCatalogsRefusalsByTheMemberThatSetTheField(String field, String param) {
        assertThat(ImageGenerationMapping.paramOf(field)).isEqualTo(param);
    }

    @Test
    void aRefusalOfTheOperationNamesNoMember() {
        assertThat(ImageGenerationMapping.paramOf("operation")).isNull();
    }

    private static MappedGeneration map(String body) {
        return ImageGenerationMapping.toJob(ImageGenerationMapping.read(body.getBytes(StandardCharsets.UTF_8)),
                "job-1", "acme", NOW);
    }

    private static MessageFormatException malformed(String body) {
        MessageFormatException refused = catchThrowableOfType(MessageFormatException.class, () -> map(body));
        assertThat(refused).as(body).isNotNull();
        return refused;
    }
}
