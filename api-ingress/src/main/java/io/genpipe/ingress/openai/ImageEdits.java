package io.genpipe.ingress.openai;

import io.genpipe.access.Caller;
import io.genpipe.ingress.openai.ImageEditMapping.Bytes;
import io.genpipe.ingress.openai.ImageEditMapping.EditImage;
import io.genpipe.ingress.openai.ImageEditMapping.EditRequest;
import io.genpipe.ingress.openai.ImageEditMapping.Reference;
import io.genpipe.ingress.openai.ImageGenerationMapping.MappedGeneration;
import io.genpipe.ingress.uploads.UploadedInputs;
import io.genpipe.ingress.uploads.Uploads;
import io.genpipe.ingress.validation.AskedJob;
import io.genpipe.ingress.validation.JobRefusedException;
import io.genpipe.ingress.validation.JobValidator;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /v1/images/edits} as one genpipe {@code image-edit} job of the key's tenant: every member checked
 * first, then each image given as bytes stored as an upload (so the job names it by reference, as every job does),
 * then the job checked against the catalog and awaited as a generation is ({@link ImageGenerations}). Counted in
 * {@value #EDITS} (tag {@code form}: {@code multipart}, {@code json}) once published.
 */
@Component
class ImageEdits {

    static final String EDITS = "genpipe.ingress.openai.edits";

    private final Uploads uploads;
    private final UploadedInputs uploadedInputs;
    private final JobValidator validator;
    private final ImageGenerations generations;
    private final Clock clock;
    private final MeterRegistry meters;

    ImageEdits(Uploads uploads, UploadedInputs uploadedInputs, JobValidator validator, ImageGenerations generations,
               Clock clock, MeterRegistry meters) {
        this.uploads = uploads;
        this.uploadedInputs = uploadedInputs;
        this.validator = validator;
        this.generations = generations;
        this.clock = clock;
        this.meters = meters;
    }

    DeferredResult<ResponseEntity<?>> edit(EditRequest request, Caller caller) {
        ImageEditMapping.check(request);
        // Every file checked before any is stored: a bad third image leaves no upload of the first two.
        List<EditImage> all = new ArrayList<>(request.images());
        if (request.mask() != null) {
            all.add(request.mask());
        }
        all.stream().filter(Bytes.class::isInstance).map(Bytes.class::cast)
                .forEach(file -> uploads.check(file.bytes(), file.param()));

        Map<String, String> paramOfField = new HashMap<>();
        List<String> images = new ArrayList<>();
        for (int i = 0; i < request.images().size(); i++) {
            EditImage image = request.images().get(i);
            images.add(reference(image, caller));
            paramOfField.put("inputs.images[" + i + "]", image.param());
        }
        String mask = request.mask() == null ? null : reference(request.mask(), caller);
        paramOfField.put("inputs.mask", "mask");
        String jobId = UUID.randomUUID().toString();
        MappedGeneration mapped = ImageEditMapping.toJob(request, images, mask, jobId, caller.tenantId(),
                clock.instant());
        // A reference the caller gave (JSON's image_url) must be its own upload, named as the request named it.
        uploadedInputs.require(mapped.job().inputs(), caller, field -> paramOfField.getOrDefault(field, field));
        try {
            validator.require(AskedJob.of(mapped.job()));
        } catch (JobRefusedException e) {
            // The catalog says inputs.images: a form's member is image, JSON's images.
            String field = e.refusal().field();
            if (request.json() && field.startsWith("inputs.images")) {
                throw new JobRefusedException(e.refusal().at("images"), e.candidates());
            }
            throw e;
        }
        DeferredResult<ResponseEntity<?>> result = generations.publishAndAwait(mapped, caller.tenantId());
        meters.counter(EDITS, "form", request.json() ? "json" : "multipart").increment();
        return result;
    }

    private String reference(EditImage image, Caller caller) {
        if (image instanceof Bytes file) {
            return uploads.store(caller.tenantId(), file.bytes(), file.param()).uri();
        }
        return ((Reference) image).url();
    }
}
