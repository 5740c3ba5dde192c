package io.genpipe.ingress.openai;

import io.genpipe.access.Caller;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * {@code POST /v1/images/generations} and {@code POST /v1/images/edits}, OpenAI's image API, so that an OpenAI SDK
 * pointed at {@code http://<ingress>/v1} generates and edits through genpipe. The job is the tenant's of the API key,
 * which OpenAI's SDKs send as {@code Authorization: Bearer}.
 */
@RestController
@RequestMapping(path = "/v1/images", consumes = MediaType.APPLICATION_JSON_VALUE,
        produces = MediaType.APPLICATION_JSON_VALUE)
class OpenAiImagesController {

    private final ImageGenerations generations;
    private final ImageEdits edits;

    OpenAiImagesController(ImageGenerations generations, ImageEdits edits) {
        this.generations = generations;
        this.edits = edits;
    }

    @PostMapping("/generations")
    DeferredResult<ResponseEntity<?>> generate(@AuthenticationPrincipal Caller caller, @RequestBody byte[] body) {
        return generations.generate(body, caller.tenantId());
    }

    /** The form OpenAI's SDKs send: the images (and mask) as files. */
    @PostMapping(path = "/edits", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    DeferredResult<ResponseEntity<?>> editForm(@AuthenticationPrincipal Caller caller,
                                               MultipartHttpServletRequest request) {
        return edits.edit(ImageEditMapping.readForm(request.getParameterMap(), request.getMultiFileMap()), caller);
    }

    /** OpenAI's JSON form: the images by URL ({@code images: [{image_url}]}). */
    @PostMapping("/edits")
    DeferredResult<ResponseEntity<?>> editJson(@AuthenticationPrincipal Caller caller, @RequestBody byte[] body) {
        return edits.edit(ImageEditMapping.readJson(body), caller);
    }

    /**
     * Any other Content-Type (or none): 415 in OpenAI's shape. Without this mapping Spring refuses it before any
     * handler is chosen, so this controller's error advice never sees it and the SDK gets a problem+json it cannot
     * read. A method's {@code consumes} replaces the class's; the specific mappings above win over this one.
     */
    @PostMapping(path = {"/generations", "/edits"}, consumes = MediaType.ALL_VALUE)
    ResponseEntity<OpenAiError> unsupportedMediaType(@RequestHeader(name = HttpHeaders.CONTENT_TYPE,
            required = false) String contentType, HttpServletRequest request) {
        boolean edit = request.getRequestURI().endsWith("/edits");
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(OpenAiError.of("Content-Type "
                + (contentType == null ? "missing" : "'" + contentType + "' is not supported") + "; send "
                + (edit ? "application/json or multipart/form-data" : "application/json"),
                "invalid_request_error", null, "unsupported_media_type"));
    }
}
