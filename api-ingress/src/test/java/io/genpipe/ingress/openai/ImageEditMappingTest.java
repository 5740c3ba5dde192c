package io.genpipe.ingress.openai;

import io.genpipe.contracts.event.JobRequested;
import io.genpipe.contracts.event.Operation;
import io.genpipe.contracts.event.RoutingRequest;
import io.genpipe.contracts.json.MessageFormatException;
import io.genpipe.ingress.openai.ImageEditMapping.Bytes;
import io.genpipe.ingress.openai.ImageEditMapping.EditRequest;
import io.genpipe.ingress.openai.ImageEditMapping.Reference;
import io.genpipe.ingress.openai.InvalidImageRequest.Code;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.multipart.MultipartFile;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** OpenAI's edit request, as a form or as JSON, becomes an image-edit job; what genpipe does not do is refused by name. */
class ImageEditMappingTest {

    private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    @Test
    void knowsEveryMemberOfTheOfficialRequests() {
        // EditImageBodyJsonParam.properties and CreateImageEditRequest.properties (without its files image and mask)
        // in the official OpenAPI document (vendor-specs/openai-openapi.yaml).
        assertThat(ImageEditRequest.MEMBERS).containsExactlyInAnyOrder("model", "images", "mask", "prompt", "n",
                "quality", "input_fidelity", "size", "user", "output_format", "output_compression", "moderation",
                "background", "stream", "partial_images");
        assertThat(ImageEditRequest.FORM_MEMBERS).containsExactlyInAnyOrder("prompt", "background", "model", "n",
                "size", "response_format", "output_format", "output_compression", "user", "input_fidelity", "stream",
                "partial_images", "quality");
    }

    @Test
    void aFormsFilesAreBytesInOrderAndItsMembersMapAsAGenerationsDo() {
        EditRequest request = ImageEditMapping.readForm(form("prompt", "add a hat", "model", "gpt-image-2", "n", "2",
                "size", "1024x1536", "quality", "high", "response_format", "url"), files(
                file("image[]", PNG), file("image[]", PNG), file("mask", PNG)));

        assertThat(request.json()).isFalse();
        assertThat(request.images()).extracting(image -> image.param()).containsExactly("image[0]", "image[1]");
        assertThat(request.images()).allSatisfy(image -> assertThat(image).isInstanceOf(Bytes.class));
        assertThat(request.mask().param()).isEqualTo("mask");

        ImageGenerationMapping.MappedGeneration mapped = ImageEditMapping.toJob(request,
                List.of("file:///images/uploads/acme/a.png", "https://example.com/b.png"),
                "file:///images/uploads/acme/m.png", "job-1", "acme", NOW);
        JobRequested job = mapped.job();
        assertThat(job.operation()).isEqualTo(Operation.IMAGE_EDIT);
        assertThat(job.tenantId()).isEqualTo("acme");
        assertThat(job.prompt()).isEqualTo("add a hat");
        assertThat(job.model()).isEqualTo("gpt-image-2");
        assertThat(job.params().count()).isEqualTo(2);
        assertThat(job.params().height()).isEqualTo(1536);
        assertThat(job.routing().preset()).isEqualTo(RoutingRequest.Preset.HIGH);
        assertThat(job.inputs().images()).containsExactly("file:///images/uploads/acme/a.png",
                "https://example.com/b.png");
        assertThat(job.inputs().mask()).isEqualTo("file:///images/uploads/acme/m.png");
        assertThat(mapped.format()).isEqualTo(ResponseFormat.URL);
    }

    @Test
    void oneImageIsNamedImage() {
        EditRequest request = ImageEditMapping.readForm(form("prompt", "x"), files(file("image", PNG)));

        assertThat(request.images()).singleElement().extracting(image -> image.param()).isEqualTo("image");
        assertThat(request.mask()).isNull();
    }

    @Test
    void aFormRefusesWhatOpenAiDoesNotDocumentOrGenpipeDoesNotDo() {
        assertThat(formRefused(form("prompt", "x", "style", "vivid"), files(file("image", PNG))).param())
                .isEqualTo("style");
        assertThat(formRefused(form("prompt", "x"), files(file("image", PNG), file("picture", PNG))).param())
                .isEqualTo("picture");
        assertThat(formRefused(form("prompt", "x", "n", "two"), files(file("image", PNG))).param()).isEqualTo("n");
        InvalidImageRequest fidelity = catchThrowableOfType(InvalidImageRequest.class, () -> ImageEditMapping.check(
                ImageEditMapping.readForm(form("prompt", "x", "input_fidelity", "high"), files(file("image", PNG)))));
        assertThat(fidelity.param()).isEqualTo("input_fidelity");
        assertThat(fidelity.code()).isEqualTo(Code.UNSUPPORTED_VALUE);
        assertThat(catchThrowableOfType(MessageFormatException.class,
                () -> ImageEditMapping.readForm(form("prompt", "x"), files())).field()).isEqualTo("image");
        assertThat(catchThrowableOfType(MessageFormatException.class, () -> ImageEditMapping.check(
                ImageEditMapping.readForm(form(), files(file("image", PNG))))).field()).isEqualTo("prompt");
    }

    @Test
    void jsonImagesAreUrlsOrDataUrlsWhoseBytesBecomeUploads() {
        String dataUrl = "data:image/png;base64," + Base64.getEncoder().encodeToString(PNG);
        EditRequest request = ImageEditMapping.readJson(json("""
                {"model":"gpt-image-2","prompt":"add a hat","images":[{"image_url":"https://example.com/a.png"},
                 {"image_url":"%s"}],"mask":{"image_url":"file:///images/uploads/acme/m.png"},"n":1}""".formatted(dataUrl)));

        assertThat(request.json()).isTrue();
        assertThat(request.images().get(0)).isEqualTo(new Reference("https://example.com/a.png", "images[0].image_url"));
        assertThat(((Bytes) request.images().get(1)).bytes()).isEqualTo(PNG);
        assertThat(request.images().get(1).param()).isEqualTo("images[1].image_url");
        assertThat(request.mask()).isEqualTo(new Reference("file:///images/uploads/acme/m.png", "mask.image_url"));
        assertThat(ImageEditMapping.toJob(request, List.of("https://example.com/a.png", "file:///x/a.png"), null,
                "job-2", "acme", NOW).format()).as("JSON edits have no response_format").isEqualTo(ResponseFormat.B64_JSON);
    }

    @Test
    void jsonRefusesFileIdsUnknownMembersAndBadUrlsByTheirParam() {
        assertThat(jsonRefused("{\"prompt\":\"x\",\"images\":[{\"file_id\":\"file-abc\"}]}").param())
                .isEqualTo("images[0].file_id");
        assertThat(jsonRefused("{\"prompt\":\"x\",\"images\":[{\"image_url\":\"https://a.io/a.png\",\"detail\":1}]}")
                .param()).isEqualTo("images[0].detail");
        assertThat(jsonRefused("{\"prompt\":\"x\",\"images\":[{}]}").param()).isEqualTo("images[0]");
        assertThat(jsonRefused("{\"prompt\":\"x\",\"image\":\"a.png\",\"images\":[]}").param()).isEqualTo("image");
        assertThat(jsonRefused("{\"prompt\":\"x\",\"images\":[{\"image_url\":\"data:image/png,raw\"}]}").param())
                .isEqualTo("images[0].image_url");
        MessageFormatException ftp = catchThrowableOfType(MessageFormatException.class, () -> ImageEditMapping.readJson(
                json("{\"prompt\":\"x\",\"images\":[{\"image_url\":\"ftp://a.io/a.png\"}]}")));
        assertThat(ftp.field()).isEqualTo("images[0].image_url");
        assertThat(catchThrowableOfType(MessageFormatException.class,
                () -> ImageEditMapping.readJson(json("{\"prompt\":\"x\"}"))).field()).isEqualTo("images");
        String seventeen = "[" + String.join(",", java.util.Collections.nCopies(17,
                "{\"image_url\":\"https://a.io/a.png\"}")) + "]";
        assertThat(jsonRefused("{\"prompt\":\"x\",\"images\":" + seventeen + "}").param()).isEqualTo("images");
    }

    private static InvalidImageRequest jsonRefused(String body) {
        return catchThrowableOfType(InvalidImageRequest.class, () -> ImageEditMapping.readJson(json(body)));
    }

    private static InvalidImageRequest formRefused(Map<String, String[]> form,
                                                   MultiValueMap<String, MultipartFile> files) {
        return catchThrowableOfType(InvalidImageRequest.class, () -> ImageEditMapping.readForm(form, files));
    }

    private static byte[] json(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String[]> form(String... namesAndValues) {
        Map<String, String[]> form = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.put(namesAndValues[i], new String[] {namesAndValues[i + 1]});
        }
        return form;
    }

    private static MockMultipartFile file(String name, byte[] bytes) {
        return new MockMultipartFile(name, "image.png", "image/png", bytes);
    }

    private static MultiValueMap<String, MultipartFile> files(MockMultipartFile... files) {
        MultiValueMap<String, MultipartFile> map = new LinkedMultiValueMap<>();
        for (MockMultipartFile file : files) {
            map.add(file.getName(), file);
        }
        return map;
    }
}
