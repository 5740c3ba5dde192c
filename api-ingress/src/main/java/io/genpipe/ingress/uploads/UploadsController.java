package io.genpipe.ingress.uploads;

import io.genpipe.access.Caller;
import io.genpipe.contracts.json.MessageFormatException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * {@code POST /v1/uploads}: one input image, as a raw {@code image/png|jpeg|webp} body or the multipart field
 * {@code file}, stored for the key's tenant; the answer's {@code uri} is what a job names in {@code inputs.images} or
 * {@code inputs.mask}. Image bytes never travel in a job: they are stored here, once, and named.
 * {@code GET /v1/uploads/{name}} gives one back to its tenant.
 */
@RestController
@RequestMapping("/v1/uploads")
class UploadsController {

    private final Uploads uploads;
    private final UploadStore store;

    UploadsController(Uploads uploads, UploadStore store) {
        this.uploads = uploads;
        this.store = store;
    }

    /** The answer: the reference to name the image by, and what it is. */
    record Uploaded(String uri, String contentType, long bytes) {
    }

    @PostMapping(consumes = {MediaType.IMAGE_PNG_VALUE, MediaType.IMAGE_JPEG_VALUE, "image/webp"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Uploaded> upload(@AuthenticationPrincipal Caller caller, InputStream body) {
        return created(uploads.store(caller.tenantId(), uploads.read(body), "body"));
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Uploaded> uploadPart(@AuthenticationPrincipal Caller caller,
                                        @RequestPart(name = "file", required = false) MultipartFile file) {
        if (file == null) {
            throw MessageFormatException.missing("file");
        }
        uploads.requireWithinSize(file.getSize());
        try {
            return created(uploads.store(caller.tenantId(), file.getBytes(), "file"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One's own upload (an admin: any tenant's, with {@code tenantId}, which a tenant's key cannot use). Any other name
     * is the same 404, another tenant's upload included: never a 403, which would tell that it exists.
     */
    @GetMapping("/{name}")
    ResponseEntity<byte[]> read(@AuthenticationPrincipal Caller caller, @PathVariable String name,
                                @RequestParam(required = false) String tenantId) {
        String tenant = caller.isAdmin() && tenantId != null && !tenantId.isBlank() ? tenantId : caller.tenantId();
        byte[] bytes = store.read(tenant, name).orElseThrow(() -> notFound(name));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(ImageType.of(bytes).map(ImageType::contentType)
                        .orElse(MediaType.APPLICATION_OCTET_STREAM_VALUE)))
                .body(bytes);
    }

    /** Says nothing of whose the name may be: the same words whether it is another tenant's or nobody's. */
    private static ErrorResponseException notFound(String name) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No upload of this key's tenant is named '" + name + "'");
        problem.setTitle("Unknown upload");
        problem.setProperty("field", "name");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }

    private static ResponseEntity<Uploaded> created(StoredUpload stored) {
        return ResponseEntity.created(URI.create("/v1/uploads/" + stored.name()))
                .body(new Uploaded(stored.uri(), stored.contentType(), stored.bytes()));
    }
}
