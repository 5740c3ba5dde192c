package io.genpipe.ingress.openai;

import io.genpipe.access.Caller;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * {@code POST /v1/images/generations}, OpenAI's image API, so that an OpenAI SDK pointed at
 * {@code http://<ingress>/v1} generates through genpipe. {@code /v1/images/edits} waits for an image-edit operation
 * in the contract. The job is the tenant's of the API key, which OpenAI's SDKs send as {@code Authorization: Bearer}.
 */
@RestController
@RequestMapping(path = "/v1/images", consumes = MediaType.APPLICATION_JSON_VALUE,
        produces = MediaType.APPLICATION_JSON_VALUE)
class OpenAiImagesController {

    private final ImageGenerations generations;

    OpenAiImagesController(ImageGenerations generations) {
        this.generations = generations;
    }

    @PostMapping("/generations")
    DeferredResult<ResponseEntity<?>> generate(@AuthenticationPrincipal Caller caller, @RequestBody byte[] body) {
        return generations.generate(body, caller.tenantId());
    }
}
