package io.genpipe.worker.adapter.fal;

import io.genpipe.contracts.catalog.CatalogModel;
import io.genpipe.contracts.event.ImageParams;
import io.genpipe.contracts.event.JobInputs;
import io.genpipe.contracts.event.Lora;
import io.genpipe.contracts.event.Training;
import io.genpipe.worker.adapter.GenerationRequest;
import io.genpipe.worker.adapter.InputFiles;
import io.genpipe.worker.adapter.VendorJson;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Base64;
import java.util.concurrent.CompletableFuture;

/**
 * The model input fal is sent for one call, in fal's names, by operation: an image model's prompt and parameters
 * (with LoRA weights, or the image to edit), or a LoRA training's archive, trigger word and steps. Input files go as
 * {@link InputFiles} makes them: a URL as it is, a stored upload as a data URI. A file it cannot read fails the body
 * with {@link InputFiles.InputFileException}, which the adapter answers as an invalid request.
 */
final class FalRequestBody {

    /** The catalog model option naming the output format field; fast-sdxl calls it {@code format}. */
    static final String OUTPUT_FORMAT_FIELD = "output-format-field";
    private static final String DEFAULT_OUTPUT_FORMAT_FIELD = "output_format";

    private FalRequestBody() {
    }

    static CompletableFuture<String> of(GenerationRequest request, InputFiles files) {
        try {
            return switch (request.operation()) {
                case TEXT_TO_IMAGE -> CompletableFuture.completedFuture(VendorJson.write(textToImage(request, files)));
                case IMAGE_EDIT -> CompletableFuture.completedFuture(VendorJson.write(edit(request, files)));
                case MODEL_TRAINING -> training(request, files);
            };
        } catch (InputFiles.InputFileException unreadable) {
            return CompletableFuture.failedFuture(unreadable);
        }
    }

    /** The dispatched parameters, exactly, in fal's names; only what the model takes. */
    static ObjectNode images(GenerationRequest request) {
        ImageParams params = request.params();
        CatalogModel model = request.model();
        ObjectNode body = VendorJson.object();
        body.put("prompt", request.prompt());
        body.putObject("image_size").put("width", params.width()).put("height", params.height());
        body.put("num_images", params.count());
        if (params.seed() != null) {
            body.put("seed", params.seed());
        }
        if (params.negativePrompt() != null && model.capabilities().negativePrompt()) {
            body.put("negative_prompt", params.negativePrompt());
        }
        // Quality presets and callers set steps; without them fal uses the model's default (flux/schnell 4,
        // qwen-image 30). The router's fit already refused steps the model does not take or outside its range.
        if (params.steps() != null && model.capabilities().steps() != null) {
            body.put("num_inference_steps", params.steps());
        }
        body.put(model.options().getOrDefault(OUTPUT_FORMAT_FIELD, DEFAULT_OUTPUT_FORMAT_FIELD), "png");
        body.put("enable_safety_checker", true);
        return body;
    }

    /** fal's image models take LoRA weights as {@code loras: [{path, scale}]}, the path a URL of the weights. */
    private static ObjectNode textToImage(GenerationRequest request, InputFiles files) {
        ObjectNode body = images(request);
        if (!request.inputs().loras().isEmpty()) {
            ArrayNode loras = body.putArray("loras");
            for (Lora lora : request.inputs().loras()) {
                loras.addObject().put("path", files.urlOrDataUri(lora.url())).put("scale", lora.scale());
            }
        }
        return body;
    }

    /**
     * A model that edits one image takes it as {@code image_url} (qwen-image-edit); fal's models that take several
     * name the list {@code image_urls} [?: seen on fal's multi-image edit models, not in vendor-apis.md]. Which one
     * a model is comes from its catalog entry's {@code max-input-images}.
     */
    private static ObjectNode edit(GenerationRequest request, InputFiles files) {
        ObjectNode body = images(request);
        JobInputs inputs = request.inputs();
        if (inputs.images().isEmpty()) {
            throw new InputFiles.InputFileException("image-edit needs an input image (inputs.images)");
        }
        if (request.model().capabilities().maxInputImages() <= 1) {
            body.put("image_url", files.urlOrDataUri(inputs.images().get(0)));
        } else {
            ArrayNode urls = body.putArray("image_urls");
            inputs.images().forEach(image -> urls.add(files.urlOrDataUri(image)));
        }
        return body;
    }

    /**
     * flux-lora-fast-training takes its training set as one zip ({@code images_data_url}): the job's archive URL as
     * it is, or its loose images zipped here and sent inline as a data URI. No prompt: a training has none.
     */
    private static CompletableFuture<String> training(GenerationRequest request, InputFiles files) {
        JobInputs inputs = request.inputs();
        Training training = inputs.training();
        if (training == null || inputs.images().isEmpty()) {
            throw new InputFiles.InputFileException("model-training needs inputs.training and inputs.images");
        }
        CompletableFuture<String> archive = inputs.isArchive()
                ? CompletableFuture.completedFuture(inputs.images().get(0))
                : files.zip(inputs.images())
                        .thenApply(zip -> "data:application/zip;base64," + Base64.getEncoder().encodeToString(zip));
        return archive.thenApply(url -> {
            ObjectNode body = VendorJson.object();
            body.put("images_data_url", url);
            body.put("trigger_word", training.triggerWord());
            if (training.steps() != null) {
                body.put("steps", training.steps());
            }
            return VendorJson.write(body);
        });
    }
}
